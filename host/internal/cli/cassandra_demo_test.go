package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/quiverfs/quiver/host/internal/pluginhost/plugintest"
)

// cassandraDemoBlock returns the online_store lines docs/cassandra.md gives
// for switching the demo to Cassandra, with the host:port of the test's
// Cassandra: the test runs what the page says.
func cassandraDemoBlock(t *testing.T, addr string) string {
	t.Helper()
	block := docYAMLBlock(t, "cassandra.md", "demo-online-store", "127.0.0.1:9042")
	return strings.ReplaceAll(block, "127.0.0.1:9042", addr)
}

// docYAMLBlock returns the yaml block that follows <!-- marker --> in
// docs/page, which must name every string of placeholders.
func docYAMLBlock(t *testing.T, page, marker string, placeholders ...string) string {
	t.Helper()
	text, err := os.ReadFile(filepath.Join("..", "..", "..", "docs", page))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)<!-- " + regexp.QuoteMeta(marker) + " -->\n```yaml\n(.*?)```").FindSubmatch(text)
	if m == nil {
		t.Fatalf("docs/%s has no yaml block after <!-- %s -->", page, marker)
	}
	for _, p := range placeholders {
		if !strings.Contains(string(m[1]), p) {
			t.Fatalf("the %s block of docs/%s names no %s to replace:\n%s", marker, page, p, m[1])
		}
	}
	return string(m[1])
}

// TestDemoSwitchesToCassandra runs the demo's steps on the embedded
// SQLite store, switches quiver.yaml's online_store to the lines of
// docs/cassandra.md (and nothing else), runs them again on Cassandra
// through quiver-plugin-cassandra, and wants the same answers.
func TestDemoSwitchesToCassandra(t *testing.T) {
	addr := os.Getenv("QUIVER_TEST_CASSANDRA_ADDR")
	if addr == "" {
		t.Fatal("QUIVER_TEST_CASSANDRA_ADDR is not set: run `make test`, which starts a Cassandra (scripts/backends/cassandra.sh)")
	}
	sqliteDir := filepath.Join(t.TempDir(), "demo")
	if code, out, errOut := runInitCLI(sqliteDir); code != 0 {
		t.Fatalf("init: exit %d\n%s\n%s", code, out, errOut)
	}
	readme, err := os.ReadFile(filepath.Join("..", "..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, sqliteDir, "notes.md", string(readme))
	// The same repository, with its quiver.yaml switched to Cassandra.
	dir := filepath.Join(t.TempDir(), "demo")
	if err := os.CopyFS(dir, os.DirFS(sqliteDir)); err != nil {
		t.Fatal(err)
	}
	yamlPath := filepath.Join(dir, "quiver.yaml")
	cfg, err := os.ReadFile(yamlPath)
	if err != nil {
		t.Fatal(err)
	}
	sqlite := regexp.MustCompile(`(?m)^online_store:\n(  .*\n)+`)
	if !sqlite.Match(cfg) {
		t.Fatalf("quiver.yaml of quiver init has no online_store block:\n%s", cfg)
	}
	if err := os.WriteFile(yamlPath, sqlite.ReplaceAll(cfg, []byte(cassandraDemoBlock(t, addr))), 0o644); err != nil {
		t.Fatal(err)
	}
	plugins := filepath.Join(dir, "plugins")
	build := exec.Command(plugintest.GoTool(), "build", "-o", filepath.Join(plugins, "quiver-plugin-cassandra"),
		"github.com/quiverfs/quiver/plugins/cassandra/cmd/quiver-plugin-cassandra")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building quiver-plugin-cassandra: %v\n%s", err, out)
	}
	ok(t, dir, "plugins", "lock")
	t.Cleanup(func() { quiver(t, dir, "teardown") })

	// Ingestion stamps chunks with the current time: answers compare without it.
	ingestTimes := regexp.MustCompile(`(?s)"event_timestamps": \[.*?\]`)
	steps := func(dir string) []string {
		ok(t, dir, "apply")
		ok(t, dir, "materialize-incremental", "now", "--views", "driver_hourly_stats")
		ok(t, dir, "ingest-documents", "--feature-view", "docs", filepath.Join(sqliteDir, "notes.md")) // one path: chunk ids hold it
		return []string{
			ok(t, dir, "get-online-features", "-o", "json", "--features",
				"driver_hourly_stats:conv_rate,driver_hourly_stats:city,driver_hourly_stats:recent_trip_ids,driver_hourly_stats:active",
				"--entity", "driver_id=1001", "--entity", "driver_id=2999", "--entity", "driver_id=99999"),
			ok(t, dir, "get-online-features", "-o", "json", "--feature-service", "driver_activity", "--entity", "driver_id=1500"),
			ingestTimes.ReplaceAllString(ok(t, dir, "retrieve-documents", "-o", "json", "--feature-view", "docs",
				"--query-text", "How do I write a store plugin?", "--top-k", "3", "--features", "source,chunk_index"), ""),
		}
	}
	onSQLite, onCassandra := steps(sqliteDir), steps(dir)
	for i := range onSQLite {
		if onSQLite[i] != onCassandra[i] {
			t.Errorf("step %d answers differently on Cassandra:\nSQLite:\n%s\nCassandra:\n%s", i, onSQLite[i], onCassandra[i])
		}
	}
	if !strings.Contains(onCassandra[0], "PRESENT") || !strings.Contains(onCassandra[0], "NOT_FOUND") {
		t.Errorf("get-online-features on Cassandra found nothing, or found an unknown driver:\n%s", onCassandra[0])
	}
}
