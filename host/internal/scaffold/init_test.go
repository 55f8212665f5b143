package scaffold

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/google/go-cmp/cmp"

	"github.com/quiverfs/quiver/host/internal/config"
	"github.com/quiverfs/quiver/host/internal/definitions"
	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/sdk/types"
)

// now is a fixed init time, in the middle of an hour and not in UTC.
var now = time.Date(2025, 3, 7, 14, 37, 12, 0, time.FixedZone("CET", 3600))

func TestInitMakesARepositoryTheLoadersAccept(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "my-demo.repo")
	res, err := Init(Options{Dir: dir, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	end := time.Date(2025, 3, 7, 13, 0, 0, 0, time.UTC)
	if res.Project != "my_demo_repo" || !res.End.Equal(end) || res.Rows != DefaultDrivers*DefaultDays*24 ||
		!res.First.Equal(end.Add(-(DefaultDays*24-1)*time.Hour)) || res.LastDriver != 3000 {
		t.Errorf("result = %+v", res)
	}
	cfg, err := config.Load(dir)
	if err != nil {
		t.Fatalf("config.Load: %v", err)
	}
	if cfg.Project != "my_demo_repo" || cfg.OnlineStore.Type != "sqlite" || cfg.OfflineStore.Type != "file" ||
		string(cfg.OnlineStore.Settings) != `{"path":"data/online.db"}` || cfg.Registry.Path != filepath.Join(dir, "data/registry.db") {
		t.Errorf("config = %+v", cfg)
	}
	defs, err := definitions.Load(dir, cfg.Project)
	if err != nil {
		t.Fatalf("definitions.Load: %v", err)
	}
	r := defs.Repo
	view := r.FeatureViews["driver_hourly_stats"]
	if view == nil || view.TTL.Duration != 48*time.Hour || view.Owner == "" || len(view.Tags) == 0 {
		t.Fatalf("view = %+v", view)
	}
	if refs, err := r.ResolveService("driver_activity"); err != nil || len(refs) != 3 {
		t.Errorf("driver_activity = %v, %v", refs, err)
	}
	spec, err := r.ViewSpec(view)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(DriverStatsFeatures(DemoFeatureCount), spec.Features); d != "" {
		t.Errorf("features.yaml and the generated columns differ (-generated +features.yaml):\n%s", d)
	}

	tbl := readTable(t, filepath.Join(dir, DataFile))
	cols := quiverFields(t, tbl.Schema())
	docsCols := quiverFields(t, readTable(t, filepath.Join(dir, DocsFile)).Schema())
	if problems := defs.CheckSources(context.Background(), func(_ context.Context, ds *model.DataSource) ([]types.Field, error) {
		if ds.Path == DocsFile {
			return docsCols, nil
		}
		return cols, nil
	}); len(problems) > 0 {
		t.Errorf("the view's schema does not match the data: %v", problems)
	}
	checkData(t, tbl, res.Rows, end)
}

// checkData checks the row count, key range, timestamps and nulls of the demo data.
func checkData(t *testing.T, tbl arrow.Table, rows int, end time.Time) {
	t.Helper()
	if int(tbl.NumRows()) != rows {
		t.Errorf("rows = %d, want %d", tbl.NumRows(), rows)
	}
	if lo, hi, nulls := int64Range(t, tbl, ColumnDriverID); lo != FirstDriverID || hi != FirstDriverID+DefaultDrivers-1 || nulls != 0 {
		t.Errorf("driver_id in [%d, %d] with %d nulls", lo, hi, nulls)
	}
	lo, hi, _ := int64Range(t, tbl, ColumnEventTime)
	first := end.Add(-(DefaultDays*24 - 1) * time.Hour)
	if lo != first.UnixMicro() || hi != end.UnixMicro() {
		t.Errorf("event_timestamp in [%v, %v], want [%v, %v]", time.UnixMicro(lo).UTC(), time.UnixMicro(hi).UTC(), first, end)
	}
	if clo, chi, _ := int64Range(t, tbl, ColumnCreated); clo <= lo || chi <= hi || chi > hi+30e6 {
		t.Errorf("created in [%d, %d], want a few seconds after event_timestamp [%d, %d]", clo, chi, lo, hi)
	}
	for _, name := range []string{"conv_rate", "acc_rate", "rating", "city"} {
		if n := nullCount(tbl, name); n == 0 || n > rows/100 {
			t.Errorf("%s has %d nulls, want a few", name, n)
		}
	}
	if ts := tbl.Schema().Field(1).Type.String(); ts != "timestamp[us, tz=UTC]" {
		t.Errorf("event_timestamp is %s", ts)
	}
}

func TestGenerateDriverStatsIsDeterministic(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var files [2][]byte
	for i := range files {
		path := filepath.Join(dir, "stats.parquet")
		if err := GenerateDriverStats(path, 40, 2, 12, now); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		files[i] = b
	}
	if string(files[0]) != string(files[1]) {
		t.Error("two runs with the same arguments wrote different files")
	}
	tbl := readTable(t, filepath.Join(dir, "stats.parquet"))
	want := append([]types.Field{{Name: "driver_id", Type: types.Int64}, {Name: "event_timestamp", Type: types.Timestamp},
		{Name: "created", Type: types.Timestamp}}, DriverStatsFeatures(12)...)
	if d := cmp.Diff(want, quiverFields(t, tbl.Schema())); d != "" || want[len(want)-1].Name != "feature_12" {
		t.Errorf("columns (-want +got):\n%s", d)
	}
	if tbl.NumRows() != int64(DriverStatsRows(40, 2)) {
		t.Errorf("rows = %d", tbl.NumRows())
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

func TestInitRefusesANonEmptyFolder(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	keep := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(keep, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Init(Options{Dir: dir, Drivers: 2, Days: 1})
	if !errors.Is(err, ErrNotEmpty) {
		t.Fatalf("err = %v, want ErrNotEmpty", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("folder changed: %v", entries)
	}
	if _, err := Init(Options{Dir: filepath.Join(dir, "x"), Project: "my-project"}); err == nil {
		t.Error("an invalid project name was accepted")
	}
}

func TestProjectName(t *testing.T) {
	t.Parallel()
	for dir, want := range map[string]string{
		"demo": "demo", "/tmp/my-repo": "my_repo", "a/b/Feature Repo 2": "Feature_Repo_2",
		"/tmp/---": "quiver_demo", "caf\u00e9": "caf_",
	} {
		if got := ProjectName(dir); got != want {
			t.Errorf("ProjectName(%q) = %q, want %q", dir, got, want)
		}
	}
}
