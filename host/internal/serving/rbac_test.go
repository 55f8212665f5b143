package serving_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/quiverfs/quiver/host/internal/authz"
	servingv1 "github.com/quiverfs/quiver/host/internal/gen/quiver/serving/v1"
	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/host/internal/registry"
	"github.com/quiverfs/quiver/host/internal/serving/httpapi"
)

// rbacCallers are the static tokens of the matrix, by caller name; "anon"
// sends no token and "forged" a token nobody was given.
var rbacCallers = []struct{ name, yaml string }{
	{"ann", "roles: [reader]"},
	{"rita", "groups: [risk]"},
	{"eve", "namespaces: [etl]"},
	{"wes", "roles: [writer]"},
	{"pat", "groups: [platform]"},
	{"nob", "roles: [nobody]"},
	{"anon", ""},
	{"forged", ""},
}

func rbacToken(name string) string { return "tok-" + name + "-0123456789abcdef" }

// rbacAuthYAML is the auth block of the matrix's quiver.yaml.
func rbacAuthYAML() string {
	var b strings.Builder
	b.WriteString("auth:\n  type: static_tokens\n  tokens:\n")
	for _, c := range rbacCallers {
		if c.yaml == "" {
			continue
		}
		sum := sha256.Sum256([]byte(rbacToken(c.name)))
		fmt.Fprintf(&b, "    - {name: %s, sha256: %s, %s}\n", c.name, hex.EncodeToString(sum[:]), c.yaml)
	}
	return b.String()
}

// rbacPermissions cover views by name pattern, by required tag, by type and
// by action; driver_stats is tagged team=risk, customer_profile
// team=growth.
func rbacPermissions() []any {
	return []any{
		&model.Permission{Name: "p_read", Types: []string{"feature-view", "feature-service"}, NamePatterns: []string{"driver_.*", "svc"},
			Actions: []string{"READ_ONLINE"}, Policy: authz.Policy{Roles: []string{"reader"}}},
		&model.Permission{Name: "p_risk", RequiredTags: map[string]string{"team": "risk"}, Actions: []string{"ALL"},
			Policy: authz.Policy{Groups: []string{"risk"}}},
		&model.Permission{Name: "p_etl", Types: []string{"feature-view"}, Actions: []string{"WRITE_ONLINE"},
			Policy: authz.Policy{Namespaces: []string{"etl"}}},
		&model.Permission{Name: "p_off", Types: []string{"feature-view", "data-source"}, Actions: []string{"READ_OFFLINE", "WRITE_OFFLINE"},
			Policy: authz.Policy{Roles: []string{"writer"}}},
		&model.Permission{Name: "p_admin", Actions: []string{"ALL"}, Policy: authz.Policy{Groups: []string{"platform"}, Namespaces: []string{"ops"}}},
		&model.Permission{Name: "p_docs", Types: []string{"feature-view"}, NamePatterns: []string{"docs"}, Actions: []string{"READ"},
			Policy: authz.Policy{Roles: []string{"reader"}}},
	}
}

// rbacOp is one operation of the server, over HTTP and (when it has an
// RPC) gRPC, with the callers the permissions above admit, worked out by
// hand from the rule in package authz.
type rbacOp struct {
	name    string
	allowed string // space-separated caller names
	http    func(e *env, token string) int
	grpc    func(ctx context.Context, e *env) error // nil: no RPC
	route   string                                  // the HTTP route http calls
	rpc     string                                  // the method grpc calls
}

func rbacOps() []rbacOp {
	row := map[string]any{"driver_id": []int{1001}, "event_timestamp": []string{now.Format(time.RFC3339)},
		"conv_rate": []float64{0.5}, "acc_rate": []float64{0.5}, "trips": []int{1}, "note": []string{"x"}}
	custRow := map[string]any{"customer_id": []string{"c9"}, "event_timestamp": []string{now.Format(time.RFC3339)}, "tier": []string{"gold"}}
	driverCol := []*servingv1.Column{{Name: "driver_id", Values: []*servingv1.Value{{Kind: &servingv1.Value_Int64Value{Int64Value: 1001}}}}}
	bothCols := append(driverCol, &servingv1.Column{Name: "customer_id", Values: []*servingv1.Value{{Kind: &servingv1.Value_StringValue{StringValue: "c1"}}}})
	str := func(s string) *servingv1.Value {
		return &servingv1.Value{Kind: &servingv1.Value_StringValue{StringValue: s}}
	}
	i64 := func(v int64) *servingv1.Value {
		return &servingv1.Value{Kind: &servingv1.Value_Int64Value{Int64Value: v}}
	}
	f64 := func(v float64) *servingv1.Value {
		return &servingv1.Value{Kind: &servingv1.Value_DoubleValue{DoubleValue: v}}
	}
	grpcRow := []*servingv1.Column{{Name: "driver_id", Values: []*servingv1.Value{i64(1001)}}, {Name: "event_timestamp", Values: []*servingv1.Value{str(now.Format(time.RFC3339))}},
		{Name: "conv_rate", Values: []*servingv1.Value{f64(0.5)}}, {Name: "acc_rate", Values: []*servingv1.Value{f64(0.5)}},
		{Name: "trips", Values: []*servingv1.Value{i64(1)}}, {Name: "note", Values: []*servingv1.Value{str("x")}}}
	grpcCust := []*servingv1.Column{{Name: "customer_id", Values: []*servingv1.Value{str("c9")}}, {Name: "event_timestamp", Values: []*servingv1.Value{str(now.Format(time.RFC3339))}},
		{Name: "tier", Values: []*servingv1.Value{str("gold")}}}
	post := func(path string, body any) func(e *env, token string) int {
		return func(e *env, token string) int { return e.postAs(path, token, body) }
	}
	return []rbacOp{
		{"read driver_stats", "ann rita pat",
			post("/get-online-features", map[string]any{"features": []string{"driver_stats:trips"}, "entities": map[string]any{"driver_id": []int{1001}}}),
			func(ctx context.Context, e *env) error {
				_, err := e.grpc.GetOnlineFeatures(ctx, &servingv1.GetOnlineFeaturesRequest{Features: []string{"driver_stats:trips"}, Entities: driverCol})
				return err
			}, "POST /get-online-features", "GetOnlineFeatures"},
		{"read customer_profile", "pat",
			post("/get-online-features", map[string]any{"features": []string{"customer_profile:tier"}, "entities": map[string]any{"customer_id": []string{"c1"}}}),
			func(ctx context.Context, e *env) error {
				_, err := e.grpc.GetOnlineFeatures(ctx, &servingv1.GetOnlineFeaturesRequest{Features: []string{"customer_profile:tier"},
					Entities: []*servingv1.Column{{Name: "customer_id", Values: []*servingv1.Value{str("c1")}}}})
				return err
			}, "POST /get-online-features", "GetOnlineFeatures"},
		{"read feature service svc", "pat",
			post("/get-online-features", map[string]any{"feature_service": "svc", "entities": map[string]any{"driver_id": []int{1001}, "customer_id": []string{"c1"}}}),
			func(ctx context.Context, e *env) error {
				_, err := e.grpc.GetOnlineFeatures(ctx, &servingv1.GetOnlineFeaturesRequest{FeatureService: "svc", Entities: bothCols})
				return err
			}, "POST /get-online-features", "GetOnlineFeatures"},
		{"push online", "rita eve pat",
			post("/push", map[string]any{"push_source_name": "driver_push", "to": "online", "df": row}),
			func(ctx context.Context, e *env) error {
				_, err := e.grpc.Push(ctx, &servingv1.PushRequest{PushSourceName: "driver_push", Df: grpcRow, To: servingv1.PushTo_PUSH_TO_ONLINE})
				return err
			}, "POST /push", "Push"},
		{"push offline", "wes pat",
			post("/push", map[string]any{"push_source_name": "driver_push", "to": "offline", "df": row}),
			func(ctx context.Context, e *env) error {
				_, err := e.grpc.Push(ctx, &servingv1.PushRequest{PushSourceName: "driver_push", Df: grpcRow, To: servingv1.PushTo_PUSH_TO_OFFLINE})
				return err
			}, "POST /push", "Push"},
		{"push online and offline", "pat",
			post("/push", map[string]any{"push_source_name": "driver_push", "to": "online_and_offline", "df": row}),
			func(ctx context.Context, e *env) error {
				_, err := e.grpc.Push(ctx, &servingv1.PushRequest{PushSourceName: "driver_push", Df: grpcRow, To: servingv1.PushTo_PUSH_TO_ONLINE_AND_OFFLINE})
				return err
			}, "POST /push", "Push"},
		{"write customer_profile", "eve pat",
			post("/write-to-online-store", map[string]any{"feature_view_name": "customer_profile", "df": custRow}),
			func(ctx context.Context, e *env) error {
				_, err := e.grpc.WriteToOnlineStore(ctx, &servingv1.WriteToOnlineStoreRequest{FeatureViewName: "customer_profile", Df: grpcCust})
				return err
			}, "POST /write-to-online-store", "WriteToOnlineStore"},
		{"materialize driver_stats", "rita pat",
			post("/materialize", map[string]any{"start_ts": "2025-03-01T00:00:00", "end_ts": "2025-03-02T00:00:00", "feature_views": []string{"driver_stats"}}),
			func(ctx context.Context, e *env) error {
				_, err := e.grpc.Materialize(ctx, &servingv1.MaterializeRequest{StartTs: "2025-03-01T00:00:00", EndTs: "2025-03-02T00:00:00", FeatureViews: []string{"driver_stats"}})
				return err
			}, "POST /materialize", "Materialize"},
		{"materialize-incremental driver_stats", "rita pat",
			post("/materialize-incremental", map[string]any{"end_ts": "2025-03-02T00:00:00", "feature_views": []string{"driver_stats"}}),
			func(ctx context.Context, e *env) error {
				_, err := e.grpc.MaterializeIncremental(ctx, &servingv1.MaterializeIncrementalRequest{EndTs: "2025-03-02T00:00:00", FeatureViews: []string{"driver_stats"}})
				return err
			}, "POST /materialize-incremental", "MaterializeIncremental"},
		{"retrieve docs", "ann pat",
			post("/retrieve-online-documents", map[string]any{"features": []string{"docs:text"}, "query": []float32{1, 0, 0}, "top_k": 1, "api_version": 2}),
			func(ctx context.Context, e *env) error {
				_, err := e.grpc.RetrieveOnlineDocuments(ctx, &servingv1.RetrieveOnlineDocumentsRequest{Features: []string{"docs:text"}, Query: []float32{1, 0, 0}, TopK: 1})
				return err
			}, "POST /retrieve-online-documents", "RetrieveOnlineDocuments"},
		{"search docs", "ann pat",
			post("/search", map[string]any{"features": []string{"docs:text"}, "query": []float32{1, 0, 0}, "top_k": 1, "api_version": 2}),
			nil, "POST /search", ""},
		// The registry API: DESCRIBE on what is read. A list hides what
		// the caller may not describe; it counts as denied here when
		// driver_stats is not among its items.
		{"describe the project", "pat", getAs("/api/v1/project"), nil, "GET /api/v1/project", ""},
		{"describe driver_stats", "rita pat", getAs("/api/v1/registry/feature-views/driver_stats"), nil, "GET /api/v1/registry/{kind}/{name}", ""},
		{"list feature views, driver_stats among them", "rita pat", listSees("/api/v1/registry/feature-views", "driver_stats"), nil, "GET /api/v1/registry/{kind}", ""},
		{"historical driver_stats", "rita wes pat",
			post("/get-historical-features", map[string]any{"features": []string{"driver_stats:trips"},
				"entities": map[string]any{"driver_id": []int{1001}, "event_timestamp": []string{"2025-03-01T00:00:00"}}}),
			nil, "POST /get-historical-features", ""},
	}
}

// TestRBACMatrix sends every operation of the server as every caller,
// over HTTP and gRPC, with real static-token authentication and
// permissions from the registry: an admitted caller gets past
// authorization, any other authenticated caller 403/PermissionDenied,
// a caller without a valid token 401/Unauthenticated.
func TestRBACMatrix(t *testing.T) {
	e := newEnvConfig(t, nil, rbacAuthYAML())
	seedDocs(t, e)
	repo, err := e.fs.Repo(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ds, cp := *repo.FeatureViews["driver_stats"], *repo.FeatureViews["customer_profile"]
	ds.Tags, cp.Tags = map[string]string{"team": "risk"}, map[string]string{"team": "growth"}
	applyOp(t, e.fs, registry.OpUpdate, &ds, &cp)
	apply(t, e.fs, rbacPermissions()...)
	time.Sleep(200 * time.Millisecond) // the server reloads the registry every 50 ms

	cases, passed := 0, 0
	for _, op := range rbacOps() {
		for _, c := range rbacCallers {
			want := "denied"
			switch {
			case c.name == "anon" || c.name == "forged":
				want = "unauthenticated"
			case strings.Contains(" "+op.allowed+" ", " "+c.name+" "):
				want = "allowed"
			}
			token := rbacToken(c.name)
			if c.name == "anon" {
				token = ""
			}
			cases++
			status := op.http(e, token)
			if got := httpOutcome(status); got != want {
				t.Errorf("HTTP %s as %s: status %d (%s), want %s", op.name, c.name, status, got, want)
			} else {
				passed++
			}
			if op.grpc == nil {
				continue
			}
			ctx := context.Background()
			if token != "" {
				ctx = metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+token)
			}
			cases++
			err := op.grpc(ctx, e)
			if got := grpcOutcome(err); got != want {
				t.Errorf("gRPC %s as %s: %v (%s), want %s", op.name, c.name, err, got, want)
			} else {
				passed++
			}
		}
	}
	// Health stays open to every caller, with or without a token.
	for _, c := range rbacCallers {
		cases += 2
		req, _ := http.NewRequest(http.MethodGet, e.url+"/health", nil)
		if c.name != "anon" {
			req.Header.Set("Authorization", "Bearer "+rbacToken(c.name))
		}
		if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusOK {
			t.Errorf("GET /health as %s: %v %v", c.name, resp, err)
		} else {
			resp.Body.Close()
			passed++
		}
		if _, err := e.grpc.Health(context.Background(), &servingv1.HealthRequest{}); err != nil {
			t.Errorf("Health RPC as %s: %v", c.name, err)
		} else {
			passed++
		}
	}
	// Every route and RPC is in the matrix, so none answers an
	// unauthenticated caller: a new one must be added here.
	routes, rpcs := map[string]bool{"GET /health": true, "GET /metrics": true}, map[string]bool{"Health": true}
	for _, op := range rbacOps() {
		routes[op.route], rpcs[op.rpc] = true, true
	}
	for _, r := range httpapi.Routes() {
		if !routes[r] {
			t.Errorf("route %s is not in the RBAC matrix", r)
		}
	}
	for _, m := range servingv1.FeatureServer_ServiceDesc.Methods {
		if !rpcs[m.MethodName] {
			t.Errorf("RPC %s is not in the RBAC matrix", m.MethodName)
		}
	}
	if n := len(servingv1.FeatureServer_ServiceDesc.Streams); n > 0 {
		t.Errorf("the server has %d streaming RPCs, which the authentication interceptor does not cover", n)
	}
	t.Logf("RBAC matrix: %d of %d cases pass (%d operations x %d callers over HTTP and gRPC, and health)", passed, cases, len(rbacOps()), len(rbacCallers))
}

func httpOutcome(status int) string {
	switch {
	case status == http.StatusUnauthorized:
		return "unauthenticated"
	case status == http.StatusForbidden:
		return "denied"
	case status >= 500:
		return fmt.Sprintf("server error %d", status)
	}
	return "allowed" // 200, or a 4xx of the work after authorization
}

func grpcOutcome(err error) string {
	switch c := status.Code(err); c {
	case codes.Unauthenticated:
		return "unauthenticated"
	case codes.PermissionDenied:
		return "denied"
	case codes.Internal, codes.Unknown, codes.Unavailable:
		return "server error " + c.String()
	}
	return "allowed"
}

// postAs posts body with a bearer token (none when empty) and returns the
// status.
func (e *env) postAs(path, token string, body any) int {
	b, err := jsonBody(body)
	if err != nil {
		panic(err)
	}
	req, err := http.NewRequest(http.MethodPost, e.url+path, strings.NewReader(b))
	if err != nil {
		panic(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

// getAs returns an operation that GETs path with a bearer token (none when
// empty) and answers the status.
func getAs(path string) func(e *env, token string) int {
	return func(e *env, token string) int {
		status, _ := e.getAs(path, token)
		return status
	}
}

// listSees returns an operation that lists path and answers 403 when the
// list (200) does not hold an object named name.
func listSees(path, name string) func(e *env, token string) int {
	return func(e *env, token string) int {
		status, body := e.getAs(path, token)
		if status != http.StatusOK {
			return status
		}
		var list struct {
			Items []struct {
				Name string `json:"name"`
			} `json:"items"`
		}
		if err := json.Unmarshal(body, &list); err != nil {
			return http.StatusInternalServerError
		}
		for _, it := range list.Items {
			if it.Name == name {
				return status
			}
		}
		return http.StatusForbidden
	}
}

// getAs GETs path with a bearer token (none when empty).
func (e *env) getAs(path, token string) (int, []byte) {
	req, err := http.NewRequest(http.MethodGet, e.url+path, nil)
	if err != nil {
		panic(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, body
}

// jsonBody marshals v (a string is sent as it is).
func jsonBody(v any) (string, error) {
	if s, ok := v.(string); ok {
		return s, nil
	}
	b, err := json.Marshal(v)
	return string(b), err
}
