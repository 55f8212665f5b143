package cli

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/quiverfs/quiver/host/internal/objectjson"
)

const testConfig = "project: demo\n"

const testEntities = `entities:
  - name: driver
    join_keys: [driver_id]
    value_type: int64
data_sources:
  - name: driver_stats_source
    type: file
    path: data/driver_stats.parquet
    timestamp_field: event_timestamp
    created_timestamp_column: created
`

// testViews returns the views file; convSchema is the dtype of conv_rate.
func testViews(description string) string {
	return `feature_views:
  - name: driver_hourly_stats
    entities: [driver]
    ttl: 0
    source: driver_stats_source
    description: ` + description + `
    owner: ml@example.com
    tags: {team: driver_performance}
    schema:
      - {name: conv_rate, dtype: float32}
      - {name: acc_rate, dtype: float64}
      - {name: avg_daily_trips, dtype: int64}
      - {name: label, dtype: string}
      - {name: embedding, dtype: list<float32>}
  - name: driver_trips
    entities: [driver]
    source: driver_stats_source
    tags: {team: pricing}
    schema:
      - {name: avg_daily_trips, dtype: int64}
`
}

const testServices = `feature_services:
  - name: driver_activity
    features: [driver_hourly_stats:conv_rate, driver_trips]
`

// newTestRepo writes a repository with 3 drivers over 6 hours of data.
func newTestRepo(t *testing.T) string {
	dir := t.TempDir()
	writeFile(t, dir, "quiver.yaml", testConfig)
	writeFile(t, dir, "entities.yaml", testEntities)
	writeFile(t, dir, "views.yaml", testViews("hourly stats"))
	writeFile(t, dir, "services.yaml", testServices)
	writeStats(t, dir+"/data/driver_stats.parquet", hourlyRows([]int64{1001, 1002, 1003}, 6))
	return dir
}

func TestRegistryCommands(t *testing.T) {
	dir := newTestRepo(t)

	out := ok(t, dir, "plan")
	for _, want := range []string{"+ create  entity", "driver_hourly_stats", "driver_activity", "5 to create",
		"create or update storage of feature view driver_hourly_stats"} {
		if !strings.Contains(out, want) {
			t.Errorf("plan output lacks %q:\n%s", want, out)
		}
	}
	if out := ok(t, dir, "apply"); !strings.Contains(out, "Applied.") {
		t.Errorf("apply output:\n%s", out)
	}
	if out := ok(t, dir, "plan"); !strings.Contains(out, "No changes") {
		t.Errorf("second plan is not empty:\n%s", out)
	}

	writeFile(t, dir, "views.yaml", testViews("hourly driver stats, edited"))
	if out := ok(t, dir, "plan"); !strings.Contains(out, "~ update  feature-view     driver_hourly_stats") {
		t.Errorf("plan after an edit shows no update:\n%s", out)
	}
	ok(t, dir, "apply")
	var desc struct {
		Name        string               `json:"name"`
		Entities    []string             `json:"entities"`
		JoinKeys    []string             `json:"join_keys"`
		Schema      []objectjson.Field   `json:"schema"`
		TTL         string               `json:"ttl"`
		Tags        map[string]string    `json:"tags"`
		Owner       string               `json:"owner"`
		Description string               `json:"description"`
		Source      string               `json:"source"`
		Online      bool                 `json:"online"`
		Versions    []objectjson.Version `json:"versions"`
	}
	okJSON(t, &desc, dir, "describe", "feature-view", "driver_hourly_stats", "-o", "json")
	if desc.Name != "driver_hourly_stats" || desc.Description != "hourly driver stats, edited" || !desc.Online ||
		desc.Source != "driver_stats_source" || desc.TTL != "0s" || desc.Owner != "ml@example.com" {
		t.Errorf("describe: %+v", desc)
	}
	if diff := cmp.Diff([]string{"driver_id"}, desc.JoinKeys); diff != "" {
		t.Errorf("join_keys (-want +got):\n%s", diff)
	}
	if len(desc.Schema) != 5 || desc.Schema[4] != (objectjson.Field{Name: "embedding", DType: "list<float32>"}) {
		t.Errorf("schema: %+v", desc.Schema)
	}
	if len(desc.Versions) != 2 || desc.Versions[0].Op != "create" || desc.Versions[1].Op != "update" || desc.Versions[1].Version != 2 {
		t.Errorf("versions: %+v", desc.Versions)
	}

	var views []map[string]any
	okJSON(t, &views, dir, "list", "feature-views", "-o", "json")
	if got := names(views); !cmp.Equal(got, []string{"driver_hourly_stats", "driver_trips"}) {
		t.Errorf("list feature-views: %v", got)
	}
	okJSON(t, &views, dir, "list", "feature-views", "--tags", "team=pricing", "-o", "json")
	if got := names(views); !cmp.Equal(got, []string{"driver_trips"}) {
		t.Errorf("list feature-views --tags team=pricing: %v", got)
	}
	if out := ok(t, dir, "list", "entities"); !strings.Contains(out, "driver_id") {
		t.Errorf("list entities:\n%s", out)
	}

	writeFile(t, dir, "services.yaml", "")
	ok(t, dir, "apply")
	var services []map[string]any
	okJSON(t, &services, dir, "list", "feature-services", "-o", "json")
	if got := names(services); !cmp.Equal(got, []string{"driver_activity"}) {
		t.Errorf("apply without --prune removed the service: %v", got)
	}
	if out := ok(t, dir, "apply", "--prune"); !strings.Contains(out, "- delete  feature-service  driver_activity") {
		t.Errorf("apply --prune:\n%s", out)
	}
	okJSON(t, &services, dir, "list", "feature-services", "-o", "json")
	if len(services) != 0 {
		t.Errorf("services after prune: %v", services)
	}
	if r := quiver(t, dir, "describe", "feature-service", "driver_activity"); r.code != 1 || !strings.HasPrefix(r.stderr, "quiver: ") {
		t.Errorf("describe of a deleted service: exit %d, stderr %q", r.code, r.stderr)
	}
}

func names(objs []map[string]any) []string {
	out := []string{}
	for _, o := range objs {
		out = append(out, o["name"].(string))
	}
	return out
}

func TestBadDefinitionsArePositioned(t *testing.T) {
	dir := newTestRepo(t)
	writeFile(t, dir, "bad.yaml", `feature_views:
  - name: broken
    entities: [nobody]
    source: driver_stats_source
    schema:
      - {name: conv_rate, dtype: float32}
  - name: mismatched
    entities: [driver]
    source: driver_stats_source
    schema:
      - {name: conv_rate, dtype: int64}
      - {name: missing_column, dtype: float32}
`)
	for _, cmd := range []string{"plan", "apply"} {
		r := quiver(t, dir, cmd)
		if r.code != 1 {
			t.Fatalf("%s with bad definitions: exit %d\n%s%s", cmd, r.code, r.stdout, r.stderr)
		}
		if !strings.HasPrefix(r.stderr, "quiver: ") || !regexp.MustCompile(`(?m)^bad\.yaml:3:\d+: .*nobody`).MatchString(r.stderr) {
			t.Errorf("%s: unknown entity not reported at bad.yaml:3:\n%s", cmd, r.stderr)
		}
	}
	writeFile(t, dir, "bad.yaml", `feature_views:
  - name: mismatched
    entities: [driver]
    source: driver_stats_source
    schema:
      - {name: conv_rate, dtype: int64}
      - {name: missing_column, dtype: float32}
`)
	r := quiver(t, dir, "plan")
	if r.code != 1 || !regexp.MustCompile(`(?m)^bad\.yaml:6:\d+: .*conv_rate`).MatchString(r.stderr) ||
		!strings.Contains(r.stderr, "missing_column") {
		t.Errorf("schema mismatch: exit %d\n%s", r.code, r.stderr)
	}
	var entities []json.RawMessage
	okJSON(t, &entities, dir, "list", "entities", "-o", "json")
	if len(entities) != 0 {
		t.Errorf("a failed apply registered %d entities", len(entities))
	}
}
