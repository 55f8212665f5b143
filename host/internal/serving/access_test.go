package serving_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/quiverfs/quiver/host/internal/authz"
	"github.com/quiverfs/quiver/host/internal/serving/httpapi"
)

// recordingAuthorizer records every question as "ACTION kind/name,..." and
// refuses all of them when deny is set, as authz does (*authz.Denied).
type recordingAuthorizer struct {
	mu    sync.Mutex
	asked []string
	deny  bool
}

func (a *recordingAuthorizer) Authorize(_ context.Context, req *authz.Request) error {
	names := make([]string, len(req.Resources))
	for i, r := range req.Resources {
		names[i] = r.Kind + "/" + r.Name
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	actions := make([]string, len(req.Actions))
	for i, act := range req.Actions {
		actions[i] = string(act)
	}
	a.asked = append(a.asked, strings.Join(actions, "+")+" "+strings.Join(names, ","))
	if a.deny {
		return &authz.Denied{Caller: "tester", Actions: req.Actions}
	}
	return nil
}

func (a *recordingAuthorizer) take() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := a.asked
	a.asked = nil
	return out
}

// TestEveryRouteAsksTheAuthorizerExactlyWhatItDoes walks every HTTP route:
// each asks the authorizer once per action, about exactly the resources
// it touches, and a refusal is a 403 before any work. The table must cover
// every route httpapi serves. POST /materialize
// used to ask twice (the service and the materializer each checked).
func TestEveryRouteAsksTheAuthorizerExactlyWhatItDoes(t *testing.T) {
	e := newEnv(t, nil)
	seedDocs(t, e)
	auth := &recordingAuthorizer{}
	e.fs.Authorizer = auth
	row := map[string]any{"driver_id": []int{1001}, "event_timestamp": []string{now.Format("2006-01-02T15:04:05Z")},
		"conv_rate": []float64{0.5}, "acc_rate": []float64{0.5}, "trips": []int{1}, "note": []string{"x"}}
	cases := []struct {
		route string
		body  any
		want  []string
	}{
		{"POST /get-online-features", map[string]any{"features": []string{"driver_stats:trips"}, "entities": map[string]any{"driver_id": []int{1001}}},
			[]string{"READ_ONLINE feature-view/driver_stats"}},
		{"POST /get-online-features", map[string]any{"feature_service": "svc", "entities": map[string]any{"driver_id": []int{1001}, "customer_id": []string{"c1"}}},
			[]string{"READ_ONLINE feature-service/svc,feature-view/driver_stats,feature-view/customer_profile"}},
		{"POST /retrieve-online-documents", map[string]any{"features": []string{"docs:text"}, "query": []float32{1, 0, 0}, "top_k": 1, "api_version": 2},
			[]string{"READ_ONLINE feature-view/docs"}},
		{"POST /search", map[string]any{"features": []string{"docs:text"}, "query": []float32{1, 0, 0}, "top_k": 1, "api_version": 2},
			[]string{"READ_ONLINE feature-view/docs"}},
		{"POST /get-historical-features", map[string]any{"features": []string{"driver_stats:trips"},
			"entities": map[string]any{"driver_id": []int{1001}, "event_timestamp": []string{"2025-03-01T00:00:00"}}},
			[]string{"READ_OFFLINE feature-view/driver_stats"}},
		{"POST /push", map[string]any{"push_source_name": "driver_push", "to": "online_and_offline", "df": row},
			[]string{"WRITE_ONLINE feature-view/driver_stats", "WRITE_OFFLINE feature-view/driver_stats,data-source/driver_push"}},
		{"POST /write-to-online-store", map[string]any{"feature_view_name": "driver_stats", "df": row},
			[]string{"WRITE_ONLINE feature-view/driver_stats"}},
		{"POST /materialize", map[string]any{"start_ts": "2025-03-01T00:00:00", "end_ts": "2025-03-02T00:00:00", "feature_views": []string{"driver_stats", "customer_profile"}},
			[]string{"WRITE_ONLINE feature-view/driver_stats,feature-view/customer_profile", "READ_OFFLINE feature-view/driver_stats,feature-view/customer_profile"}},
		{"POST /materialize-incremental", map[string]any{"end_ts": "2025-03-02T00:00:00", "feature_views": []string{"customer_profile"}},
			[]string{"WRITE_ONLINE feature-view/customer_profile", "READ_OFFLINE feature-view/customer_profile"}},
		{"GET /api/v1/project", nil, []string{"DESCRIBE project/demo"}},
		{"GET /api/v1/registry/{kind}", nil, []string{"DESCRIBE feature-service/svc"}},
		{"GET /api/v1/registry/{kind}/{name}", nil, []string{"DESCRIBE feature-view/driver_stats"}},
		// Open by default, as Feast's (feature_server.protect_health_and_metrics).
		{"GET /health", nil, nil},
		{"GET /metrics", nil, nil},
	}
	// The paths asked for the routes that are patterns.
	urls := map[string]string{"GET /api/v1/registry/{kind}": "/api/v1/registry/feature-services", "GET /api/v1/registry/{kind}/{name}": "/api/v1/registry/feature-views/driver_stats"}
	// A list hides what the caller may not see (200, no items) rather than
	// failing with 403.
	filters := map[string]bool{"GET /api/v1/registry/{kind}": true}
	covered := map[string]bool{}
	for _, deny := range []bool{false, true} {
		for _, c := range cases {
			t.Run(fmt.Sprintf("%s deny=%v", c.route, deny), func(t *testing.T) {
				covered[c.route] = true
				auth.deny = deny
				auth.take()
				method, path, _ := strings.Cut(c.route, " ")
				if u := urls[c.route]; u != "" {
					path = u
				}
				var status int
				var body string
				if method == http.MethodGet {
					var raw []byte
					status, raw = e.get(t, path)
					body = string(raw)
				} else {
					var answer map[string]any
					status, answer = e.post(t, path, c.body)
					body = fmt.Sprint(answer)
				}
				asked := auth.take()
				want := c.want
				if deny && filters[c.route] {
					if status != http.StatusOK || strings.Contains(body, `"name"`) {
						t.Errorf("status %d, want 200 with every object hidden: %s", status, body)
					}
				} else if deny && len(want) > 0 {
					want = want[:1] // the first refusal ends the request
					if status != http.StatusForbidden {
						t.Errorf("status %d, want 403: %s", status, body)
					}
				} else if status == http.StatusForbidden || status >= 500 {
					// The offline store holds no rows for the sources, so
					// historical and materialize may answer 4xx after the
					// authorizer allowed them; never 403 or 5xx.
					t.Errorf("status %d: %s", status, body)
				}
				if !slices.Equal(asked, want) {
					t.Errorf("asked the authorizer\n  %q\nwant\n  %q", asked, want)
				}
			})
		}
	}
	for _, route := range httpapi.Routes() {
		if !covered[route] {
			t.Errorf("route %s is not in this test: add what it must ask the authorizer", route)
		}
	}
}
