package redisstore_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/quiverfs/quiver/plugins/redis/redisstore"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
)

// secret stands for a password in these tests; no message may hold it.
const secret = "s3cretPW"

func settingsJSON(t *testing.T, m map[string]any) json.RawMessage {
	t.Helper()
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseSettingsRefusesMalformedConnectionStringsWithoutEchoingThem(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		settings map[string]any
		want     string
	}{
		{"a password written with a colon", map[string]any{"connection_string": "127.0.0.1:6379,password:" + secret},
			"part 2 of connection_string is neither host:port nor key=value"},
		{"a numeric password written with a colon", map[string]any{"connection_string": "127.0.0.1:6379,password:1234"},
			"part 2 of connection_string is neither host:port nor key=value"},
		{"a bare word after the address", map[string]any{"connection_string": "127.0.0.1:6379," + secret},
			"part 2 of connection_string is neither host:port nor key=value"},
		{"a first part that is no address", map[string]any{"connection_string": secret + ",db=1"},
			"part 1 of connection_string is neither host:port nor key=value"},
		{"a URL with credentials", map[string]any{"connection_string": "redis://user:" + secret + "@127.0.0.1:6379"},
			"part 1 of connection_string is neither host:port nor key=value"},
		{"a bad ssl value", map[string]any{"connection_string": "127.0.0.1:6379,ssl=" + secret},
			"part 2 of connection_string: ssl is not a boolean"},
		{"a bad db value", map[string]any{"connection_string": "127.0.0.1:6379,db=" + secret},
			"part 2 of connection_string: db is not a number"},
		{"an address with credentials", map[string]any{"address": "redis://user:" + secret + "@h:6379"},
			"address 1 is not host:port"},
		{"an address without a numeric port", map[string]any{"addresses": []string{"h:6379", "password:" + secret}},
			"address 2 is not host:port"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := redisstore.ParseSettings(settingsJSON(t, tc.settings))
			if err == nil || !strings.Contains(err.Error(), tc.want) || !errors.Is(err, storeerr.ErrInvalidArgument) {
				t.Errorf("ParseSettings = %v, want InvalidArgument containing %q", err, tc.want)
			}
			if err != nil && strings.Contains(err.Error(), secret) {
				t.Errorf("the error echoes the secret: %v", err)
			}
		})
	}
}

func TestParseSettingsReadsWellFormedConnectionStrings(t *testing.T) {
	t.Parallel()
	s, err := redisstore.ParseSettings(settingsJSON(t, map[string]any{
		"connection_string": "redis1:6379, [::1]:6380 ,password=" + secret + ",db=2,ssl=true,username=u,skip_full_coverage_check=true"}))
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"redis1:6379", "[::1]:6380"}, s.Addresses); d != "" {
		t.Errorf("addresses (-want +got):\n%s", d)
	}
	if s.Password != secret || s.DB != 2 || !s.TLS || s.Username != "u" {
		t.Errorf("settings = %+v", s)
	}
}

func TestConfigureWithAPasswordWrittenWithAColonKeepsThePasswordOutOfTheError(t *testing.T) {
	t.Parallel()
	_, err := redisstore.New().Configure(context.Background(), &onlinestore.ConfigureRequest{
		Project: "p", Config: settingsJSON(t, map[string]any{"connection_string": "127.0.0.1:6379,password:" + secret})})
	if err == nil || strings.Contains(err.Error(), secret) {
		t.Errorf("Configure = %v, want an error without the password", err)
	}
}
