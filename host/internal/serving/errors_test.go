package serving_test

import (
	"context"
	"strings"
	"testing"

	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
)

func TestBadRequestsAnswerJSONErrorsNamingTheProblem(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	read := "/get-online-features"
	tests := []struct {
		name, path, body string
		status           int
		code, msg        string
	}{
		{"unknown view", read, `{"features": ["nope:x"], "entities": {"driver_id": [1]}}`, 404, "not_found", `unknown feature view "nope"`},
		{"unknown feature", read, `{"features": ["driver_stats:nope"], "entities": {"driver_id": [1]}}`, 404, "not_found", `unknown feature "driver_stats:nope"`},
		{"unknown service", read, `{"feature_service": "nope", "entities": {"driver_id": [1]}}`, 404, "not_found", `unknown feature service "nope"`},
		{"missing join key", read, `{"features": ["driver_stats:trips"], "entities": {"customer_id": ["c1"]}}`, 400, "invalid_argument",
			`feature view driver_stats needs join key "driver_id"; the request gives [customer_id]`},
		{"wrong join key type", read, `{"features": ["driver_stats:trips"], "entities": {"driver_id": [true]}}`, 400, "invalid_argument",
			"join key driver_id, value 0: expected int64, got boolean true"},
		{"malformed JSON", read, `{"features": [`, 400, "invalid_argument", "invalid JSON in the request body: unexpected EOF"},
		{"entities not an object", read, `{"features": ["driver_stats:trips"], "entities": [1]}`, 400, "invalid_argument", "expected an object of columns"},
		{"empty body", read, ``, 400, "invalid_argument", "the request body is empty"},
		{"too large", read, `{"features": ["` + strings.Repeat("x", maxBody) + `"]}`, 413, "payload_too_large", "larger than the limit of 4096 bytes"},
		{"unknown push source", "/push", `{"push_source_name": "nope", "df": {"driver_id": [1]}}`, 404, "not_found", `unknown push source "nope"`},
		{"push to nowhere", "/push", `{"push_source_name": "driver_push", "df": {}, "to": "disk"}`, 400, "invalid_argument", `invalid "to" "disk"`},
		{"push missing join key", "/push", `{"push_source_name": "driver_push", "df": {"conv_rate": [0.1], "acc_rate": [0.1], "trips": [1], "note": ["x"], "event_timestamp": ["2025-01-01T00:00:00Z"]}}`,
			400, "invalid_argument", `feature view driver_stats needs join key column "driver_id"; the df gives [conv_rate acc_rate trips note event_timestamp]`},
		{"push wrong value type", "/push", `{"push_source_name": "driver_push", "df": {"driver_id": [1], "conv_rate": ["fast"], "acc_rate": [0.1], "trips": [1], "note": ["x"], "event_timestamp": ["2025-01-01T00:00:00Z"]}}`,
			400, "invalid_argument", `df column conv_rate, row 0: expected float32, got string "fast"`},
		{"push unknown column only", "/push", `{"push_source_name": "driver_push", "df": {"driver_id": [1], "speed": [1]}}`,
			400, "invalid_argument", `feature view driver_stats needs feature column "conv_rate"; the df gives [driver_id]`},
		{"write unknown view", "/write-to-online-store", `{"feature_view_name": "nope", "df": {"driver_id": [1]}}`, 404, "not_found", `unknown feature view "nope"`},
		{"write missing timestamp", "/write-to-online-store", `{"feature_view_name": "customer_profile", "df": {"customer_id": ["c1"], "tier": ["x"]}}`,
			400, "invalid_argument", `feature view customer_profile needs event timestamp column "ts"`},
		{"write uneven columns", "/write-to-online-store", `{"feature_view_name": "customer_profile", "df": {"customer_id": ["c1", "c2"], "tier": ["x"], "ts": [1]}}`,
			400, "invalid_argument", "df columns differ in length: customer_id has 2 values, tier has 1"},
		{"materialize bad time", "/materialize", `{"start_ts": "yesterday", "end_ts": "2025-01-01"}`, 400, "invalid_argument", `start_ts "yesterday" is not an ISO 8601 time`},
		{"materialize unknown view", "/materialize", `{"start_ts": "2025-01-01", "end_ts": "2025-01-02", "feature_views": ["nope"]}`, 404, "not_found", `unknown feature view "nope"`},
		{"unknown endpoint", "/nope", `{}`, 404, "not_found", "no endpoint POST /nope"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := e.post(t, tt.path, tt.body)
			errObj, _ := body["error"].(map[string]any)
			if status != tt.status || errObj["code"] != tt.code || !strings.Contains(errObj["message"].(string), tt.msg) {
				t.Errorf("POST %s = %d %v; want %d %s containing %q", tt.path, status, body, tt.status, tt.code, tt.msg)
			}
		})
	}
}

// failingStore is the real store with Read replaced.
type failingStore struct {
	onlinestore.Store
	read func() (*onlinestore.ReadResponse, error)
}

func (f failingStore) Read(context.Context, *onlinestore.ReadRequest) (*onlinestore.ReadResponse, error) {
	return f.read()
}

func TestStoreFailuresAnswerJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		read   func() (*onlinestore.ReadResponse, error)
		status int
		code   string
	}{
		{"unavailable", func() (*onlinestore.ReadResponse, error) {
			return nil, storeerr.Unavailable("redis is down").Downstream()
		}, 503, "unavailable"},
		{"panic", func() (*onlinestore.ReadResponse, error) { panic("boom") }, 500, "internal"},
		{"short answer", func() (*onlinestore.ReadResponse, error) { return &onlinestore.ReadResponse{}, nil }, 500, "internal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, func(s onlinestore.Store) onlinestore.Store { return failingStore{Store: s, read: tt.read} })
			for range 2 { // the server survives and answers again
				status, body := e.post(t, "/get-online-features", `{"features": ["driver_stats:trips"], "entities": {"driver_id": [1001]}}`)
				errObj, _ := body["error"].(map[string]any)
				if status != tt.status || errObj["code"] != tt.code {
					t.Errorf("status %d %v; want %d %s", status, body, tt.status, tt.code)
				}
			}
		})
	}
}
