package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"testing"
)

// slowDecode is decodeJSON without the fast path.
func slowDecode(body []byte) (getOnlineFeaturesRequest, error) {
	var req getOnlineFeaturesRequest
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	err := dec.Decode(&req)
	if err == nil && dec.More() {
		err = errTrailing
	}
	return req, err
}

var errTrailing = errors.New("data after the JSON object")

var fastBodies = []string{
	`{"features":["v:a","v:b"],"entities":{"driver_id":[1001,-2.5e3,0]}}`,
	` { "feature_service" : "svc" , "entities" : { "k" : [ "x" , null , true , false ] , "j": [] } , "full_feature_names" : true } `,
	`{"features":[],"entities":{},"include_feature_view_version_metadata":false}`,
	`{}`,
}

// fallbackBodies are outside the fast path's shape; some are invalid.
var fallbackBodies = []string{
	`{"features":["v:\u0061"]}`, `{"Features":["v:a"]}`, `{"features":["v:a"],"features":["v:b"]}`,
	`{"entities":{"k":[1],"k":[2]}}`, `{"entities":{"k":[[1]]}}`, `{"entities":null}`, `{"features":null}`,
	`{"features":["v:a"]} x`, `{"entities":{"k":[01]}}`, `{"entities":{"k":[1.]}}`, `{"extra":1}`, `{"features":["é"]}`,
	`[]`, ``, `{"entities":{"k":[-]}}`, `{"full_feature_names":"true"}`,
}

func TestFastDecodeAgreesWithEncodingJSON(t *testing.T) {
	for _, body := range fastBodies {
		var fast getOnlineFeaturesRequest
		if !fast.decodeFast([]byte(body)) {
			t.Errorf("%s: not taken by the fast path", body)
			continue
		}
		slow, err := slowDecode([]byte(body))
		if err != nil || !reflect.DeepEqual(fast, slow) {
			t.Errorf("%s: fast %+v, encoding/json %+v (%v)", body, fast, slow, err)
		}
	}
	for _, body := range fallbackBodies {
		var fast getOnlineFeaturesRequest
		if fast.decodeFast([]byte(body)) {
			t.Errorf("%s: taken by the fast path, which should leave it to encoding/json", body)
		}
		// And the whole decode gives encoding/json's answer.
		var got getOnlineFeaturesRequest
		err := decodeJSON([]byte(body), &got)
		want, wantErr := slowDecode([]byte(body))
		if (err == nil) != (wantErr == nil) || (err == nil && !reflect.DeepEqual(got, want)) {
			t.Errorf("%s: decodeJSON %+v (%v), encoding/json %+v (%v)", body, got, err, want, wantErr)
		}
	}
}

// FuzzFastDecode: whatever the fast path takes, encoding/json takes too,
// with the same result.
func FuzzFastDecode(f *testing.F) {
	for _, b := range append(append([]string{}, fastBodies...), fallbackBodies...) {
		f.Add([]byte(b))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var fast getOnlineFeaturesRequest
		if !fast.decodeFast(body) {
			return
		}
		slow, err := slowDecode(body)
		if err != nil {
			t.Fatalf("%q: the fast path took a body encoding/json refuses (%v)", body, err)
		}
		if !reflect.DeepEqual(fast, slow) {
			t.Fatalf("%q: fast %+v, encoding/json %+v", body, fast, slow)
		}
	})
}
