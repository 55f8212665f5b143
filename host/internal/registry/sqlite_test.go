package registry

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/sdk/types"
)

func openTemp(t *testing.T) *SQLite {
	t.Helper()
	r, err := Open(context.Background(), filepath.Join(t.TempDir(), "sub", "registry.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

func view(ttl time.Duration, tags map[string]string) *model.FeatureView {
	return &model.FeatureView{Name: "stats", Entities: []string{"driver"}, Source: "src", Online: true,
		TTL: model.Duration{Duration: ttl}, Schema: []model.Field{{Name: "rate", DType: types.Float32}},
		Meta: model.Meta{Tags: tags, Owner: "ml@example.com"}}
}

func TestApplyKeepsVersionHistory(t *testing.T) {
	t.Parallel()
	r := openTemp(t)
	ctx := context.Background()
	put := func(op Op, v *model.FeatureView) {
		t.Helper()
		if err := r.Apply(ctx, "p", []Change{{Op: op, Kind: model.KindFeatureView, Name: v.Name, Object: v}}); err != nil {
			t.Fatal(err)
		}
	}
	put(OpCreate, view(time.Hour, map[string]string{"team": "a"}))
	put(OpUpdate, view(time.Hour, map[string]string{"team": "a"})) // unchanged: no new version
	put(OpUpdate, view(2*time.Hour, map[string]string{"team": "b"}))
	repo, err := r.Load(ctx, "p")
	if err != nil {
		t.Fatal(err)
	}
	got := repo.FeatureViews["stats"]
	if got == nil || got.TTL.Duration != 2*time.Hour || got.Tags["team"] != "b" || got.Owner != "ml@example.com" {
		t.Fatalf("loaded view = %+v", got)
	}
	if err := r.Apply(ctx, "p", []Change{{Op: OpDelete, Kind: model.KindFeatureView, Name: "stats"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Get(ctx, "p", model.KindFeatureView, "stats"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get after delete: err = %v, want ErrNotFound", err)
	}
	put(OpCreate, view(time.Hour, nil))
	hist, err := r.History(ctx, "p", model.KindFeatureView, "stats")
	if err != nil {
		t.Fatal(err)
	}
	var ops []Op
	for i, v := range hist {
		if v.Version != i+1 {
			t.Errorf("version %d numbered %d", i+1, v.Version)
		}
		ops = append(ops, v.Op)
	}
	if want := []Op{OpCreate, OpUpdate, OpDelete, OpCreate}; len(ops) != len(want) || ops[0] != want[0] || ops[1] != want[1] || ops[2] != want[2] || ops[3] != want[3] {
		t.Errorf("history ops = %v, want %v", ops, want)
	}
	rec, err := r.Get(ctx, "p", model.KindFeatureView, "stats")
	if err != nil || rec.Version != 4 {
		t.Errorf("current record = %+v, %v; want version 4", rec, err)
	}
}

func TestProjectsAreIsolatedAndFailedApplyChangesNothing(t *testing.T) {
	t.Parallel()
	r := openTemp(t)
	ctx := context.Background()
	e := &model.Entity{Name: "driver", JoinKeys: []string{"driver_id"}, ValueType: types.Int64}
	if err := r.Apply(ctx, "a", []Change{{Op: OpCreate, Kind: model.KindEntity, Name: "driver", Object: e}}); err != nil {
		t.Fatal(err)
	}
	err := r.Apply(ctx, "a", []Change{
		{Op: OpCreate, Kind: model.KindFeatureView, Name: "stats", Object: view(0, nil)},
		{Op: OpDelete, Kind: model.KindEntity, Name: "nope"},
	})
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("err = %v, want ErrNotFound for the missing object", err)
	}
	if recs, _ := r.List(ctx, "a", model.KindFeatureView); len(recs) != 0 {
		t.Errorf("a failed apply left %d feature views", len(recs))
	}
	if recs, _ := r.List(ctx, "b", model.KindEntity); len(recs) != 0 {
		t.Errorf("project b sees %d entities of project a", len(recs))
	}
}

func TestMaterializedIntervals(t *testing.T) {
	t.Parallel()
	r := openTemp(t)
	ctx := context.Background()
	t0 := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	for i := range 2 {
		iv := Interval{Start: t0.Add(time.Duration(i) * time.Hour), End: t0.Add(time.Duration(i+1) * time.Hour), DoneAt: t0.Add(time.Duration(i+2) * time.Hour)}
		if err := r.AddMaterialized(ctx, "p", "stats", iv); err != nil {
			t.Fatal(err)
		}
	}
	got, err := r.Materialized(ctx, "p", "stats")
	if err != nil || len(got) != 2 || !got[1].End.Equal(t0.Add(2*time.Hour)) {
		t.Fatalf("Materialized = %+v, %v", got, err)
	}
}
