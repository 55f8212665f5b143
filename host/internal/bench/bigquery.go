package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/hashicorp/go-hclog"

	"github.com/quiverfs/quiver/host/internal/pitjoin"
	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/pluginclient"
	"github.com/quiverfs/quiver/sdk/types"
)

// BigQuery is the BigQuery offline store plugin and the emulator (or
// BigQuery) it talks to.
type BigQuery struct {
	Plugin string // the quiver-plugin-bigquery binary
	// Config is the offline_store block's keys but type, as JSON.
	Config json.RawMessage
}

// launch starts the plugin and configures it for project.
func (b *BigQuery) launch(ctx context.Context, project string) (*pluginclient.Client, offlinestore.Store, error) {
	// The plugin's debug lines (phase timings) go to stderr.
	logger := hclog.New(&hclog.LoggerOptions{Name: "plugin", Level: hclog.Debug, Output: os.Stderr})
	client, err := pluginclient.Launch(ctx, pluginclient.Config{Path: b.Plugin, Logger: logger})
	if err != nil {
		return nil, nil, err
	}
	store, ok := client.Offline()
	if !ok {
		client.Close()
		return nil, nil, fmt.Errorf("%s serves no offline store", b.Plugin)
	}
	if _, err := store.Configure(ctx, &offlinestore.ConfigureRequest{Project: project, Config: b.Config}); err != nil {
		client.Close()
		return nil, nil, err
	}
	return client, store, nil
}

// load writes a Parquet file into a table through WriteBatch.
func loadParquet(ctx context.Context, store offlinestore.Store, project, path, table string) (int64, error) {
	f, err := file.OpenParquetFile(path, false)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	pr, err := pqarrow.NewFileReader(f, pqarrow.ArrowReadProperties{BatchSize: 64 * 1024}, memory.DefaultAllocator)
	if err != nil {
		return 0, err
	}
	rd, err := pr.GetRecordReader(ctx, nil, nil)
	if err != nil {
		return 0, err
	}
	defer rd.Release()
	resp, err := store.WriteBatch(ctx, &offlinestore.WriteBatchRequest{Project: project,
		Destination: types.DataSourceSpec{Name: table, Options: map[string]string{"table": table}}, Records: rd})
	if err != nil {
		return 0, err
	}
	return resp.RowsWritten, nil
}

// BigQueryHistorical measures a point-in-time join of Entities entity
// rows against Rows feature rows held in BigQuery, pushed down (one SQL
// query) and joined in the host (PullRange + DuckDB ASOF JOIN), with the
// same join on the same Parquet files in process as the floor.
type BigQueryHistorical struct {
	Store                    BigQuery
	Dir                      string // generated Parquet, kept and reused
	Entities, Rows, Features int
	Drivers                  int
}

// Run loads the data, measures and prints Markdown.
func (b *BigQueryHistorical) Run(ctx context.Context, w io.Writer) error {
	dir, err := filepath.Abs(b.Dir)
	if err != nil {
		return err
	}
	h := &Historical{Dir: dir, Features: b.Features}
	feat, err := h.featureFile(ctx, b.Rows, b.Drivers)
	if err != nil {
		return err
	}
	ents, err := h.entityFile(ctx, b.Entities, b.Drivers)
	if err != nil {
		return err
	}
	const project = "bench_bq"
	client, store, err := b.Store.launch(ctx, project)
	if err != nil {
		return err
	}
	defer client.Close()
	table := fmt.Sprintf("bench_hist_%d", time.Now().UnixNano())
	src := types.DataSourceSpec{Name: table, Options: map[string]string{"table": table}, TimestampField: "event_timestamp"}
	defer store.Teardown(context.WithoutCancel(ctx), &offlinestore.TeardownRequest{Project: project, Sources: []types.DataSourceSpec{src}})
	start := time.Now()
	n, err := loadParquet(ctx, store, project, feat, table)
	if err != nil {
		return fmt.Errorf("loading the feature rows: %w", err)
	}
	load := time.Since(start)

	spec := types.FeatureViewSpec{Name: "driver_stats", JoinKeys: []types.Field{{Name: "driver_id", Type: types.Int64}}}
	var names []string
	for i := range b.Features {
		names = append(names, fmt.Sprintf("f%d", i))
		spec.Features = append(spec.Features, types.Field{Name: names[i], Type: types.Float64})
	}
	// pushdown is true: the store's own join, as the host sends it when the
	// store advertises it; false: the engine's join over pulls.
	join := func(pushdown bool) (time.Duration, int64, error) {
		engine := &pitjoin.Engine{Settings: pitjoin.Settings{MemoryLimit: "2GB", Threads: 2, TempDirectory: filepath.Join(os.TempDir(), "quiver-bench-spill")}}
		defer engine.Close()
		began := time.Now()
		rd, err := engine.OpenEntityFile(ctx, ents, "")
		if err != nil {
			return 0, 0, err
		}
		req := &offlinestore.HistoricalFeaturesRequest{Project: project, EntityTimestampColumn: "event_timestamp", Entities: rd,
			Views: []offlinestore.ViewRef{{View: spec, Features: names, Source: src}}}
		var out array.RecordReader
		if pushdown {
			hs, ok := store.(offlinestore.StoreWithHistoricalFeatures)
			if !ok || !offlinestore.CapabilitiesOf(store).HistoricalPushdown {
				rd.Release()
				return 0, 0, fmt.Errorf("the plugin does not advertise historical pushdown")
			}
			var resp *offlinestore.PullResponse
			if resp, err = hs.HistoricalFeatures(ctx, req); err == nil {
				out = resp.Records
			}
		} else {
			out, err = engine.Join(ctx, store, req)
		}
		rd.Release()
		if err != nil {
			return 0, 0, err
		}
		defer out.Release()
		var rows int64
		for out.Next() {
			rows += out.RecordBatch().NumRows()
		}
		return time.Since(began), rows, out.Err()
	}
	push, pushRows, err := join(true)
	if err != nil {
		return fmt.Errorf("pushdown: %w", err)
	}
	host, hostRows, err := join(false)
	if err != nil {
		return fmt.Errorf("host join: %w", err)
	}
	floorRun := &HistoricalRun{Mode: "floor", Entities: ents, Feature: feat, Features: b.Features, MemoryLimit: "2GB", Threads: 2}
	began := time.Now()
	var floorOut strings.Builder
	if err := floorRun.Run(ctx, &floorOut); err != nil {
		return fmt.Errorf("floor: %w", err)
	}
	floor := time.Since(began)
	if pushRows != int64(b.Entities) || hostRows != int64(b.Entities) {
		return fmt.Errorf("row counts: pushdown %d, host join %d, want %d", pushRows, hostRows, b.Entities)
	}
	fmt.Fprintf(w, "%d entity rows x %d feature rows (%d drivers, %d float64 features, ttl 0) in the BigQuery emulator; %s\n\n",
		b.Entities, n, b.Drivers, b.Features, Machine())
	fmt.Fprintf(w, "| measurement | seconds | rows/s |\n|---|---|---|\n")
	fmt.Fprintf(w, "| load the feature rows (WriteBatch: Parquet load job) | %.1f | %.0f |\n", load.Seconds(), float64(n)/load.Seconds())
	fmt.Fprintf(w, "| floor: DuckDB ASOF JOIN over the same Parquet, in process | %.1f | %.0f |\n", floor.Seconds(), float64(b.Entities)/floor.Seconds())
	fmt.Fprintf(w, "| pushdown: one SQL join in BigQuery, read back through Storage Read | %.1f | %.0f |\n", push.Seconds(), float64(b.Entities)/push.Seconds())
	fmt.Fprintf(w, "| host join: PullRange through Storage Read + DuckDB ASOF JOIN | %.1f | %.0f |\n\n", host.Seconds(), float64(b.Entities)/host.Seconds())
	return nil
}

// BigQueryMaterialize measures `quiver materialize` of Entities rows x
// Features float32 features from a BigQuery table into the embedded SQLite
// store, with the same materialize from the Parquet file (the embedded
// file store) as the floor.
type BigQueryMaterialize struct {
	Quiver             string
	Store              BigQuery
	Entities, Features int
}

// Run loads the data, materializes it both ways and prints Markdown.
func (b *BigQueryMaterialize) Run(ctx context.Context, w io.Writer) error {
	dir, err := os.MkdirTemp("", "quiver-bench-bigquery-materialize-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	fields := make([]types.Field, b.Features)
	for i := range fields {
		fields[i] = types.Field{Name: fmt.Sprintf("f%02d", i), Type: types.Float32}
	}
	if err := benchRepo(dir, fields, "0s"); err != nil {
		return err
	}
	end := time.Now().UTC().Truncate(time.Hour)
	parquetPath := filepath.Join(dir, "data", "stats.parquet")
	if err := writeLatestRows(parquetPath, b.Entities, b.Features, end.Add(-time.Hour)); err != nil {
		return err
	}
	window := []string{end.Add(-2 * time.Hour).Format(time.RFC3339), end.Format(time.RFC3339)}
	// The floor: the same rows from the Parquet file.
	if _, err := quiverCmd(b.Quiver, dir, "apply"); err != nil {
		return err
	}
	began := time.Now()
	if _, err := quiverCmd(b.Quiver, dir, append([]string{"materialize"}, window...)...); err != nil {
		return err
	}
	floor := time.Since(began)
	_, _ = quiverCmd(b.Quiver, dir, "teardown")

	// The same repository on BigQuery.
	bqDir := filepath.Join(dir, "bq")
	if err := benchRepo(bqDir, fields, "0s"); err != nil {
		return err
	}
	table := fmt.Sprintf("bench_mat_%d", time.Now().UnixNano())
	client, store, err := b.Store.launch(ctx, "bench")
	if err != nil {
		return err
	}
	began = time.Now()
	n, err := loadParquet(ctx, store, "bench", parquetPath, table)
	client.Close()
	if err != nil {
		return fmt.Errorf("loading the rows: %w", err)
	}
	load := time.Since(began)
	if err := bigqueryRepo(b.Quiver, b.Store, bqDir, table); err != nil {
		return err
	}
	if _, err := quiverCmd(b.Quiver, bqDir, "apply"); err != nil {
		return err
	}
	began = time.Now()
	out, err := quiverCmd(b.Quiver, bqDir, append([]string{"materialize"}, window...)...)
	if err != nil {
		return err
	}
	took := time.Since(began)
	_, _ = quiverCmd(b.Quiver, bqDir, "teardown")
	fmt.Fprintf(w, "Materialize %d entities x %d float32 features into the embedded SQLite store, `quiver materialize`; %s\n\n",
		n, b.Features, Machine())
	fmt.Fprintf(w, "| measurement | seconds | rows/s |\n|---|---|---|\n")
	fmt.Fprintf(w, "| load the rows into the emulator (WriteBatch) | %.1f | %.0f |\n", load.Seconds(), float64(n)/load.Seconds())
	fmt.Fprintf(w, "| floor: from the Parquet file (embedded file store) | %.1f | %.0f |\n", floor.Seconds(), float64(n)/floor.Seconds())
	fmt.Fprintf(w, "| from BigQuery (PullLatest, Storage Read, plugin hop) | %.1f | %.0f |\n\n", took.Seconds(), float64(n)/took.Seconds())
	fmt.Fprintf(w, "```\n%s```\n", out)
	return nil
}

// bigqueryRepo turns a benchRepo's source into a BigQuery table and its
// offline store into the plugin, installed and locked.
func bigqueryRepo(quiver string, st BigQuery, dir, table string) error {
	var cfg map[string]any
	if err := json.Unmarshal(st.Config, &cfg); err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString("project: bench\nregistry: data/registry.db\nonline_store:\n  type: sqlite\n  path: data/online.db\noffline_store:\n  type: bigquery\n")
	for k, v := range cfg {
		j, _ := json.Marshal(v)
		fmt.Fprintf(&b, "  %s: %s\n", k, j)
	}
	if err := os.WriteFile(filepath.Join(dir, "quiver.yaml"), []byte(b.String()), 0o644); err != nil {
		return err
	}
	defs, err := os.ReadFile(filepath.Join(dir, "features.yaml"))
	if err != nil {
		return err
	}
	text := strings.Replace(string(defs), "type: file\n    path: data/stats.parquet\n", "type: bigquery\n    table: "+table+"\n", 1)
	if err := os.WriteFile(filepath.Join(dir, "features.yaml"), []byte(text), 0o644); err != nil {
		return err
	}
	plugins := filepath.Join(dir, "plugins")
	if err := os.MkdirAll(plugins, 0o755); err != nil {
		return err
	}
	if err := copyExecutable(st.Plugin, filepath.Join(plugins, "quiver-plugin-bigquery")); err != nil {
		return err
	}
	_, err = quiverCmd(quiver, dir, "plugins", "lock")
	return err
}
