package cli

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"gopkg.in/yaml.v3"

	"github.com/quiverfs/quiver/host/internal/pluginhost/plugintest"
	"github.com/quiverfs/quiver/host/internal/scaffold"
	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/pluginclient"
	"github.com/quiverfs/quiver/sdk/types"
)

// bigqueryDemoBlock returns the offline_store lines docs/bigquery.md gives
// for the emulator, with the test emulator's addresses and a dataset of
// the test's own: the test runs what the page says.
func bigqueryDemoBlock(t *testing.T, dataset string) string {
	t.Helper()
	block := docYAMLBlock(t, "bigquery.md", "demo-offline-store",
		"http://127.0.0.1:9050/bigquery/v2/", "127.0.0.1:9060", "quiver-local", "quiver_demo")
	return strings.NewReplacer("http://127.0.0.1:9050/bigquery/v2/", os.Getenv("QUIVER_TEST_BIGQUERY_REST"),
		"127.0.0.1:9060", os.Getenv("QUIVER_TEST_BIGQUERY_GRPC"),
		"quiver-local", os.Getenv("QUIVER_TEST_BIGQUERY_PROJECT"), "quiver_demo", dataset).Replace(block)
}

// TestBigQueryOfflineStoreEndToEnd builds a small demo repository on the
// embedded file store and the same one on BigQuery: its Parquet files
// loaded into the emulator (through the plugin's WriteBatch), its file
// sources turned into bigquery tables and quiver.yaml's offline_store
// switched to the lines of docs/bigquery.md. get-historical-features
// (pushed down to BigQuery, the result saved as a dataset: a table written
// by WriteBatch) and materialize then must answer the same on both.
func TestBigQueryOfflineStoreEndToEnd(t *testing.T) {
	for _, v := range []string{"QUIVER_TEST_BIGQUERY_REST", "QUIVER_TEST_BIGQUERY_GRPC", "QUIVER_TEST_BIGQUERY_PROJECT"} {
		if os.Getenv(v) == "" {
			t.Fatal(v + " is not set: run `make test`, which starts a BigQuery emulator (scripts/backends/bigquery.sh)")
		}
	}
	// The data ends at this hour, so materialized values are within the
	// view's ttl when read back.
	end := time.Now().UTC().Truncate(time.Hour)
	fileDir := filepath.Join(t.TempDir(), "demo")
	res, err := scaffold.Init(scaffold.Options{Dir: fileDir, Project: "bq_e2e", Now: end, Drivers: 40, Days: 2})
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "demo")
	if err := os.CopyFS(dir, os.DirFS(fileDir)); err != nil {
		t.Fatal(err)
	}
	var suffix [6]byte
	_, _ = rand.Read(suffix[:])
	block := bigqueryDemoBlock(t, "quiver_e2e_"+hex.EncodeToString(suffix[:]))

	// quiver.yaml: only offline_store changes.
	yamlPath := filepath.Join(dir, "quiver.yaml")
	cfg, err := os.ReadFile(yamlPath)
	if err != nil {
		t.Fatal(err)
	}
	offline := regexp.MustCompile(`(?m)^offline_store:\n(  .*\n)+`)
	if !offline.Match(cfg) {
		t.Fatalf("quiver.yaml of quiver init has no offline_store block:\n%s", cfg)
	}
	writeFile(t, dir, "quiver.yaml", offline.ReplaceAllLiteralString(string(cfg), block))
	// features.yaml: the file sources become tables of the same names.
	defs, err := os.ReadFile(filepath.Join(dir, "features.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	tables := map[string]string{"driver_hourly_stats_source": scaffold.DataFile, "docs_source": scaffold.DocsFile}
	text := string(defs)
	for name, path := range tables {
		from := fmt.Sprintf("- name: %s\n    type: file\n    path: %s\n", name, path)
		if !strings.Contains(text, from) {
			t.Fatalf("features.yaml has no file source %s at %s:\n%s", name, path, text)
		}
		text = strings.Replace(text, from, fmt.Sprintf("- name: %s\n    type: bigquery\n    table: %s\n", name, name), 1)
	}
	writeFile(t, dir, "features.yaml", text)

	plugins := filepath.Join(dir, "plugins")
	bin := filepath.Join(plugins, "quiver-plugin-bigquery")
	build := exec.Command(plugintest.GoTool(), "build", "-o", bin, "github.com/quiverfs/quiver/plugins/bigquery/cmd/quiver-plugin-bigquery")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building quiver-plugin-bigquery: %v\n%s", err, out)
	}
	loadTables(t, bin, block, res.Project, dir, tables)
	ok(t, dir, "plugins", "lock")
	t.Cleanup(func() { quiver(t, dir, "teardown") })

	// Entity rows: known drivers at and between hours, one before the
	// data, one unknown driver, one row twice; labels pass through.
	at := func(h float64) string {
		return end.Add(time.Duration(h * float64(time.Hour))).Format("2006-01-02T15:04:05")
	}
	entities := "driver_id,event_timestamp,label\n" +
		"1001," + at(0) + ",a\n1005," + at(-3.5) + ",b\n1040," + at(-47) + ",c\n1002," + at(-60) + ",d\n" +
		"99999," + at(-1) + ",e\n1005," + at(-3.5) + ",f\n1017," + at(-20.25) + ",g\n"
	features := "driver_hourly_stats:conv_rate,driver_hourly_stats:avg_daily_trips,driver_hourly_stats:rating," +
		"driver_hourly_stats:city,driver_hourly_stats:active,driver_hourly_stats:recent_trip_ids"
	steps := func(dir string) []string {
		ok(t, dir, "apply")
		writeFile(t, dir, "entities.csv", entities)
		out := filepath.Join(dir, "train.csv")
		said := ok(t, dir, "get-historical-features", "--entities", filepath.Join(dir, "entities.csv"), "--features", features,
			"--full-feature-names", "--output", out, "--save-as", "train")
		if dir != fileDir && !strings.Contains(said, "joined by the offline store") {
			t.Errorf("get-historical-features on BigQuery was not pushed down:\n%s", said)
		}
		train, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if list := ok(t, dir, "list", "datasets"); !strings.Contains(list, "train") {
			t.Errorf("list datasets after --save-as train:\n%s", list)
		}
		ok(t, dir, "materialize", res.First.Format(time.RFC3339), end.Add(time.Hour).Format(time.RFC3339), "--views", "driver_hourly_stats")
		online := ok(t, dir, "get-online-features", "-o", "json", "--features", features,
			"--entity", "driver_id=1001", "--entity", "driver_id=1040", "--entity", "driver_id=99999")
		return []string{string(train), online}
	}
	onFiles, onBigQuery := steps(fileDir), steps(dir)
	for i, name := range []string{"get-historical-features", "materialize + get-online-features"} {
		if onFiles[i] != onBigQuery[i] {
			t.Errorf("%s answers differently on BigQuery:\nfile store:\n%s\nBigQuery:\n%s", name, onFiles[i], onBigQuery[i])
		}
	}
	if lines := strings.Split(strings.TrimSpace(onBigQuery[0]), "\n"); len(lines) != 8 || !strings.Contains(lines[1], ",a,") ||
		strings.Count(onBigQuery[0], ",,,,,") != 2 {
		t.Errorf("training set on BigQuery: want 7 rows in input order, two of them without features:\n%s", onBigQuery[0])
	}
	if !strings.Contains(onBigQuery[1], "PRESENT") || !strings.Contains(onBigQuery[1], "NOT_FOUND") {
		t.Errorf("get-online-features after materializing from BigQuery found nothing, or an unknown driver:\n%s", onBigQuery[1])
	}
}

// loadTables writes Parquet files of the repository into tables of the
// same names through the plugin's WriteBatch, as project.
func loadTables(t *testing.T, bin, block, project, dir string, tables map[string]string) {
	t.Helper()
	var doc struct {
		Offline map[string]any `yaml:"offline_store"`
	}
	if err := yaml.Unmarshal([]byte(block), &doc); err != nil {
		t.Fatal(err)
	}
	delete(doc.Offline, "type")
	config, err := json.Marshal(doc.Offline)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	client, err := pluginclient.Launch(ctx, pluginclient.Config{Path: bin})
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	store, okOffline := client.Offline()
	if !okOffline {
		t.Fatal("quiver-plugin-bigquery serves no offline store")
	}
	if _, err := store.Configure(ctx, &offlinestore.ConfigureRequest{Project: project, Config: config, RepoDir: dir}); err != nil {
		t.Fatal(err)
	}
	for name, path := range tables {
		f, err := file.OpenParquetFile(filepath.Join(dir, path), false)
		if err != nil {
			t.Fatal(err)
		}
		pr, err := pqarrow.NewFileReader(f, pqarrow.ArrowReadProperties{BatchSize: 4096}, memory.DefaultAllocator)
		if err != nil {
			t.Fatal(err)
		}
		rd, err := pr.GetRecordReader(ctx, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		_, err = store.WriteBatch(ctx, &offlinestore.WriteBatchRequest{Project: project,
			Destination: types.DataSourceSpec{Name: name, Options: map[string]string{"table": name}}, Records: rd})
		rd.Release()
		f.Close()
		if err != nil {
			t.Fatalf("loading %s into BigQuery: %v", path, err)
		}
	}
}
