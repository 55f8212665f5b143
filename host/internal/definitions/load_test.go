package definitions

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/sdk/types"
)

func TestLoadGoodRepository(t *testing.T) {
	t.Parallel()
	d, err := Load("testdata/good", "demo")
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	r := d.Repo
	v := r.FeatureViews["driver_hourly_stats"]
	if v == nil || v.TTL.Duration != 24*time.Hour || !v.Online || v.Tags["team"] != "driver_performance" {
		t.Fatalf("view = %+v", v)
	}
	spec, err := r.ViewSpec(v)
	if err != nil {
		t.Fatal(err)
	}
	want := types.FeatureViewSpec{Name: "driver_hourly_stats", TTL: 24 * time.Hour, Tags: v.Tags,
		JoinKeys: []types.Field{{Name: "driver_id", Type: types.Int64}},
		Features: []types.Field{{Name: "conv_rate", Type: types.Float32}, {Name: "acc_rate", Type: types.Float32}, {Name: "avg_daily_trips", Type: types.Int64}}}
	if d := cmp.Diff(want, spec); d != "" {
		t.Errorf("ViewSpec (-want +got):\n%s", d)
	}
	refs, err := r.ResolveService("driver_activity")
	if err != nil || len(refs) != 4 {
		t.Errorf("ResolveService = %v, %v; want 4 refs", refs, err)
	}
	if got := d.Pos(model.KindFeatureView, "driver_hourly_stats", "ttl"); got.Line != 20 || got.Column != 10 {
		t.Errorf("ttl position = %+v, want line 20 column 10", got)
	}
}

func TestLoadReportsEveryProblemWithItsPosition(t *testing.T) {
	t.Parallel()
	_, err := Load("testdata/bad", "demo")
	var problems Problems
	if !errors.As(err, &problems) {
		t.Fatalf("err = %v, want Problems", err)
	}
	want := []string{
		`features.yaml:4:17: unknown type "int65"`,
		`features.yaml:5:5: duplicate entity "driver" (first defined at features.yaml:2:5)`,
		`features.yaml:7:5: unknown key "colour" in entity`,
		`features.yaml:10:5: file source src needs a path`,
		`features.yaml:16:12: bigquery source bq_both has both a table and a query; give one`,
		`features.yaml:18:5: bigquery source bq_none needs a table or a query`,
		`features.yaml:27:19: push source push_to_query: batch source bq_query is a bigquery query, which cannot be written to; use a table`,
		`features.yaml:31:15: feature view stats: unknown entity "rider"`,
		`features.yaml:32:10: invalid ttl: invalid duration "yesterday"`,
		`features.yaml:33:13: feature view stats: unknown data source "nowhere"`,
		`features.yaml:34:13: expected true or false, got "maybe"`,
		`feature view stats: field "conv_rate" listed twice`,
		`feature view stats: vector field emb needs a positive dimension`,
		`feature view stats: vector field emb: unknown metric "manhattan"`,
		`features.yaml:41:15: feature service svc: unknown feature "stats:nope"`,
	}
	text := err.Error()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("missing problem %q in:\n%s", w, text)
		}
	}
}

func TestCheckSourcesComparesSchemaWithColumns(t *testing.T) {
	t.Parallel()
	d, err := Load("testdata/good", "demo")
	if err != nil {
		t.Fatal(err)
	}
	cols := []types.Field{{Name: "driver_id", Type: types.Int64}, {Name: "conv_rate", Type: types.Float64},
		{Name: "avg_daily_trips", Type: types.Int64}, {Name: "event_timestamp", Type: types.Timestamp}}
	problems := d.CheckSources(context.Background(), func(context.Context, *model.DataSource) ([]types.Field, error) { return cols, nil })
	text := problems.Error()
	for _, w := range []string{
		`column "conv_rate" is float32 in the schema but float64 in source driver_stats_source`,
		`column "acc_rate" is not in source driver_stats_source`,
		`source driver_stats_source has no timestamp column "created"`,
	} {
		if !strings.Contains(text, w) {
			t.Errorf("missing %q in:\n%s", w, text)
		}
	}
	if len(problems) != 3 {
		t.Errorf("got %d problems, want 3:\n%s", len(problems), text)
	}
}
