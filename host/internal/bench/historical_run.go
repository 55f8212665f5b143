package bench

import (
	"context"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"
	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/quiverfs/quiver/host/internal/localstore/fileoffline"
	"github.com/quiverfs/quiver/host/internal/pitjoin"
	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// HistoricalRun is one measured join, run in a process of its own so its
// peak RSS is its own: "floor" is a plain DuckDB ASOF JOIN over the two
// Parquet files, "quiver" the pitjoin engine over the file offline store.
// Both stream the whole result to Go as Arrow and count it.
type HistoricalRun struct {
	Mode              string // floor or quiver
	Entities, Feature string // Parquet files
	Features          int    // feature columns f0..f{n-1}
	MemoryLimit       string
	Threads           int
}

// runResult is what a run prints as JSON.
type runResult struct {
	Seconds float64 `json:"seconds"`
	Rows    int64   `json:"rows"`
	PeakKB  int64   `json:"peak_rss_kb"`
}

// Run measures the join and prints a runResult.
func (h *HistoricalRun) Run(ctx context.Context, w io.Writer) error {
	began := time.Now()
	var rd array.RecordReader
	var err error
	var closeFn func()
	if h.Mode == "floor" {
		rd, closeFn, err = h.floor(ctx)
	} else {
		rd, closeFn, err = h.quiver(ctx)
	}
	if err != nil {
		return err
	}
	var rows int64
	for rd.Next() {
		rows += rd.RecordBatch().NumRows()
	}
	if err := rd.Err(); err != nil {
		return err
	}
	rd.Release()
	closeFn()
	res := runResult{Seconds: time.Since(began).Seconds(), Rows: rows, PeakKB: peakRSSKB()}
	return json.NewEncoder(w).Encode(res)
}

// floor runs the plain ASOF JOIN.
func (h *HistoricalRun) floor(ctx context.Context) (array.RecordReader, func(), error) {
	dsn := fmt.Sprintf(":memory:?memory_limit=%s&threads=%d", h.MemoryLimit, h.Threads)
	db, err := duckdb.NewConnector(dsn, func(ex driver.ExecerContext) error {
		_, err := ex.ExecContext(context.Background(), "SET TimeZone = 'UTC'", nil)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	c, err := db.Connect(ctx)
	if err != nil {
		return nil, nil, err
	}
	ar, err := duckdb.NewArrowFromConn(c)
	if err != nil {
		return nil, nil, err
	}
	feats := make([]string, h.Features)
	for i := range feats {
		feats[i] = fmt.Sprintf("f.f%d", i)
	}
	q := fmt.Sprintf(`SELECT e.*, %s FROM read_parquet('%s') e ASOF LEFT JOIN read_parquet('%s') f
		ON e.driver_id = f.driver_id AND e.event_timestamp >= f.event_timestamp`, strings.Join(feats, ", "), h.Entities, h.Feature)
	rd, err := ar.QueryContext(ctx, q)
	if err != nil {
		return nil, nil, err
	}
	return rd, func() { c.Close(); db.Close() }, nil
}

// quiver runs the engine as the CLI does, minus writing the output file.
func (h *HistoricalRun) quiver(ctx context.Context) (array.RecordReader, func(), error) {
	store := fileoffline.New()
	cfg, _ := json.Marshal(map[string]any{"memory_limit": "1GB", "threads": h.Threads})
	if _, err := store.Configure(ctx, &offlinestore.ConfigureRequest{Project: "bench", Config: cfg}); err != nil {
		return nil, nil, err
	}
	engine := &pitjoin.Engine{Settings: pitjoin.Settings{MemoryLimit: h.MemoryLimit, Threads: h.Threads, TempDirectory: os.TempDir() + "/quiver-bench-spill"}}
	ents, err := engine.OpenEntityFile(ctx, h.Entities, "")
	if err != nil {
		return nil, nil, err
	}
	spec := types.FeatureViewSpec{Name: "driver_stats", JoinKeys: []types.Field{{Name: "driver_id", Type: types.Int64}}}
	var names []string
	for i := range h.Features {
		names = append(names, "f"+strconv.Itoa(i))
		spec.Features = append(spec.Features, types.Field{Name: names[i], Type: types.Float64})
	}
	req := &offlinestore.HistoricalFeaturesRequest{Project: "bench", EntityTimestampColumn: "event_timestamp", Entities: ents,
		Views: []offlinestore.ViewRef{{View: spec, Features: names,
			Source: types.DataSourceSpec{Name: "stats", Options: map[string]string{"path": h.Feature}, TimestampField: "event_timestamp"}}}}
	rd, err := engine.Join(ctx, store, req)
	if err != nil {
		ents.Release()
		return nil, nil, err
	}
	ents.Release()
	return rd, func() { engine.Close(); store.Close() }, nil
}

// peakRSSKB reads VmHWM, the process's peak resident set, in KiB.
func peakRSSKB() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return n
		}
	}
	return 0
}
