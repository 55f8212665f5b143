package serving_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/host/internal/registry"
)

// TestRegistryAPIListsAndDescribes reads the seeded registry over GET
// /api/v1: the project (with the gRPC port the server listens on), lists
// by kind and tag, one view with its version history (each version's spec,
// so versions can be diffed) and its materialized intervals, and the
// errors of unknown kinds, names and bad filters.
func TestRegistryAPIListsAndDescribes(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	repo, err := e.fs.Repo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ds := *repo.FeatureViews["driver_stats"]
	ds.Tags = map[string]string{"team": "risk"}
	ds.Schema = append(append([]model.Field{}, ds.Schema...), model.Field{Name: "rating", DType: ds.Schema[1].DType})
	applyOp(t, e.fs, registry.OpUpdate, &ds)
	start := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	if err := e.fs.Registry.AddMaterialized(ctx, project, "driver_stats", registry.Interval{Start: start, End: start.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond) // the server reloads the registry every 50 ms

	var info struct {
		Name     string `json:"name"`
		GRPCPort int    `json:"grpc_port"`
	}
	getJSON(t, e, "/api/v1/project", http.StatusOK, &info)
	if info.Name != project || strconv.Itoa(info.GRPCPort) != e.grpcAddr[strings.LastIndex(e.grpcAddr, ":")+1:] {
		t.Errorf("project: %+v, want %s on the port of %s", info, project, e.grpcAddr)
	}

	var list struct {
		Kind  string           `json:"kind"`
		Items []map[string]any `json:"items"`
	}
	getJSON(t, e, "/api/v1/registry/feature-views", http.StatusOK, &list)
	if list.Kind != "feature-view" || len(list.Items) != 2 || list.Items[0]["name"] != "customer_profile" || list.Items[1]["name"] != "driver_stats" {
		t.Errorf("feature views: %+v", list)
	}
	getJSON(t, e, "/api/v1/registry/feature_view?tag="+url.QueryEscape("team=risk"), http.StatusOK, &list)
	if len(list.Items) != 1 || list.Items[0]["name"] != "driver_stats" {
		t.Errorf("feature views tagged team=risk: %+v", list.Items)
	}
	getJSON(t, e, "/api/v1/registry/entities", http.StatusOK, &list)
	if len(list.Items) != 2 || list.Items[0]["value_type"] == nil {
		t.Errorf("entities: %+v", list.Items)
	}
	getJSON(t, e, "/api/v1/registry/saved-datasets", http.StatusOK, &list)
	if list.Items == nil || len(list.Items) != 0 {
		t.Errorf("saved datasets: %+v, want an empty list", list)
	}

	var view struct {
		Name     string `json:"name"`
		Version  int    `json:"version"`
		Schema   []struct{ Name, DType string }
		Versions []struct {
			Version int             `json:"version"`
			Op      string          `json:"op"`
			Spec    json.RawMessage `json:"spec"`
		} `json:"versions"`
		Materialized []registry.Interval `json:"materialized"`
	}
	getJSON(t, e, "/api/v1/registry/feature-views/driver_stats", http.StatusOK, &view)
	if view.Name != "driver_stats" || view.Version != 2 || len(view.Schema) != 5 || len(view.Versions) != 2 {
		t.Fatalf("driver_stats: %+v", view)
	}
	if !strings.Contains(string(view.Versions[1].Spec), "rating") || strings.Contains(string(view.Versions[0].Spec), "rating") {
		t.Errorf("the versions' specs do not show the added feature: v1 %s, v2 %s", view.Versions[0].Spec, view.Versions[1].Spec)
	}
	if len(view.Materialized) != 1 || !view.Materialized[0].Start.Equal(start) {
		t.Errorf("materialized: %+v", view.Materialized)
	}

	for _, c := range []struct {
		path   string
		status int
		says   string
	}{
		{"/api/v1/registry/widgets", http.StatusNotFound, `kind \"widgets\"`},
		{"/api/v1/registry/feature-views/nope", http.StatusNotFound, "nope"},
		{"/api/v1/registry/saved-datasets/nope", http.StatusNotFound, "nope"},
		{"/api/v1/registry/entities?tag=novalue", http.StatusBadRequest, "tag=KEY=VALUE"},
		{"/api/v1/registry/entities?" + strings.Repeat("tag=a=b&", 33), http.StatusBadRequest, "at most 32"},
		{"/api/v1/registry/" + strings.Repeat("x", 5000), http.StatusNotFound, "kind"},
		{"/api/v1/registry/saved-datasets/" + strings.Repeat("x", 5000), http.StatusNotFound, "no dataset"},
		{"/api/v1/registry/feature-views/" + strings.Repeat("x", 5000), http.StatusNotFound, "no feature-view"},
	} {
		status, body := e.get(t, c.path)
		if status != c.status || !strings.Contains(string(body), c.says) || len(body) > 1024 {
			t.Errorf("GET %.80s: %d %s, want %d saying %s", c.path, status, body, c.status, c.says)
		}
	}
	req, _ := http.NewRequest(http.MethodPost, e.url+"/api/v1/registry/entities", nil)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST to a registry route: %v %v, want 405", resp, err)
	} else {
		resp.Body.Close()
	}
}

// getJSON GETs path, wants status and decodes the body into out.
func getJSON(t *testing.T, e *env, path string, status int, out any) {
	t.Helper()
	got, body := e.get(t, path)
	if got != status {
		t.Fatalf("GET %s: %d %s, want %d", path, got, body, status)
	}
	if err := json.Unmarshal(body, out); err != nil {
		t.Fatalf("GET %s: %v in %s", path, err, body)
	}
}
