package storeconfig

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestDecodeRefusesUnknownKeysAndKeepsDefaults(t *testing.T) {
	type settings struct {
		Host string `json:"host"`
		Port int    `json:"port"`
	}
	s := settings{Port: 1}
	for _, raw := range []string{"", " null ", "{}"} {
		if err := Decode(json.RawMessage(raw), &s); err != nil || s.Port != 1 {
			t.Errorf("%q: %v, %+v", raw, err, s)
		}
	}
	if err := Decode(json.RawMessage(`{"host": "h", "port": 2}`), &s); err != nil || s.Host != "h" || s.Port != 2 {
		t.Errorf("decode: %v, %+v", err, s)
	}
	err := Decode(json.RawMessage(`{"hots": "x"}`), &s)
	if err == nil || !strings.Contains(err.Error(), `"hots"`) || strings.HasPrefix(err.Error(), "json: ") {
		t.Errorf("unknown key: %v", err)
	}
	if err := Decode(json.RawMessage(`{"port": "password=s3cret"}`), &s); err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("bad value: %v (must not echo secrets)", err)
	}
}
