package serving_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// feastError is the object inside Feast's error body.
type feastError struct {
	Module, Class, Message string
	Error                  struct{ Code, Message string }
}

// postAs posts body with a User-Agent and returns the status, the
// X-Quiver-Error-Code header and the raw body.
func postAs(t *testing.T, url, agent, body string) (int, string, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if agent != "" {
		req.Header.Set("User-Agent", agent)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header.Get("X-Quiver-Error-Code"), raw
}

// decodeFeastError decodes Feast's double-encoded body: a JSON string
// whose text is the error object, as Feast's client reads it.
func decodeFeastError(t *testing.T, raw []byte) feastError {
	t.Helper()
	var text string
	if err := json.Unmarshal(raw, &text); err != nil {
		t.Fatalf("body %s is not a JSON string: %v", raw, err)
	}
	var fe feastError
	if err := json.Unmarshal([]byte(text), &fe); err != nil {
		t.Fatalf("string %q does not hold a JSON object: %v", text, err)
	}
	return fe
}

func TestFeastsClientGetsFeastErrorClassesWithQuiversCode(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	read := "/get-online-features"
	for _, tc := range []struct {
		name, path, body string
		status           int
		class, code, msg string
	}{
		{"unknown view", read, `{"features": ["nope:x"], "entities": {"driver_id": [1]}}`, 404,
			"FeatureViewNotFoundException", "not_found", `unknown feature view "nope"`},
		{"unknown feature", read, `{"features": ["driver_stats:nope"], "entities": {"driver_id": [1]}}`, 404,
			"FeastObjectNotFoundException", "not_found", `unknown feature "driver_stats:nope"`},
		{"unknown service", read, `{"feature_service": "nope", "entities": {"driver_id": [1]}}`, 404,
			"FeatureServiceNotFoundException", "not_found", `unknown feature service "nope"`},
		{"bad request", read, `{"features": ["driver_stats:trips"], "entities": {"driver_id": [true]}}`, 400,
			"FeastError", "invalid_argument", "expected int64"},
		{"unknown push source", "/push", `{"push_source_name": "nope", "df": {"driver_id": [1]}}`, 404,
			"PushSourceNotFoundException", "not_found", `unknown push source "nope"`},
		{"write unknown view", "/write-to-online-store", `{"feature_view_name": "nope", "df": {"driver_id": [1]}}`, 404,
			"FeatureViewNotFoundException", "not_found", `unknown feature view "nope"`},
		{"materialize unknown view", "/materialize", `{"start_ts": "2025-01-01", "end_ts": "2025-01-02", "feature_views": ["nope"]}`, 404,
			"FeatureViewNotFoundException", "not_found", `unknown feature view "nope"`},
		{"too large", read, `{"features": ["` + strings.Repeat("x", maxBody) + `"]}`, 413,
			"FeastError", "payload_too_large", "larger than the limit"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, header, raw := postAs(t, e.url+tc.path, "python-requests/2.32.5", tc.body)
			fe := decodeFeastError(t, raw)
			if status != tc.status || header != tc.code || fe.Module != "feast.errors" || fe.Class != tc.class ||
				!strings.Contains(fe.Message, tc.msg) || fe.Error.Code != tc.code || fe.Error.Message != fe.Message {
				t.Errorf("POST %s = %d (X-Quiver-Error-Code %q) %s; want %d feast.errors.%s and code %s, message containing %q",
					tc.path, status, header, raw, tc.status, tc.class, tc.code, tc.msg)
			}
		})
	}
}

func TestOtherClientsKeepQuiversErrorObject(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	body := `{"features": ["nope:x"], "entities": {"driver_id": [1]}}`
	for _, agent := range []string{"", "curl/8.5.0", "Go-http-client/1.1", "quiver-client/0.1 python-requests/2.32.5"} {
		status, header, raw := postAs(t, e.url+"/get-online-features", agent, body)
		var got struct {
			Error struct{ Code, Message string }
		}
		if err := json.Unmarshal(raw, &got); err != nil || status != 404 || header != "not_found" || got.Error.Code != "not_found" {
			t.Errorf("User-Agent %q: %d %q %s; want 404 with Quiver's {\"error\": ...} object", agent, status, header, raw)
		}
	}
	// Unknown routes stay in Quiver's form for Feast's client too: it falls
	// back to an older endpoint only on a 404 it cannot map to a class.
	status, _, raw := postAs(t, e.url+"/nope", "python-requests/2.32.5", `{}`)
	if status != 404 || !strings.HasPrefix(string(raw), `{"error":`) {
		t.Errorf("POST /nope from Feast's client = %d %s; want a 404 in Quiver's form", status, raw)
	}
}

func TestErrorFormatSettingOverridesTheUserAgent(t *testing.T) {
	t.Parallel()
	body := `{"features": ["nope:x"], "entities": {"driver_id": [1]}}`
	feast := newEnvConfig(t, nil, "  error_format: feast\n")
	if _, _, raw := postAs(t, feast.url+"/get-online-features", "curl/8.5.0", body); decodeFeastError(t, raw).Class != "FeatureViewNotFoundException" {
		t.Errorf("error_format feast, curl: %s; want Feast's form", raw)
	}
	quiver := newEnvConfig(t, nil, "  error_format: quiver\n")
	if _, _, raw := postAs(t, quiver.url+"/get-online-features", "python-requests/2.32.5", body); !strings.HasPrefix(string(raw), `{"error":{"code":"not_found"`) {
		t.Errorf("error_format quiver, python-requests: %s; want Quiver's form", raw)
	}
}
