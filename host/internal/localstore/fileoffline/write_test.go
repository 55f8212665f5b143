//go:build duckdb_arrow

package fileoffline

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/google/go-cmp/cmp"

	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// write writes rows with WriteBatch and checks the count.
func write(t *testing.T, s *Store, dst types.DataSourceSpec, rows []row) {
	t.Helper()
	rec := fixtureRecord("UTC", rows)
	rd, err := array.NewRecordReader(rec.Schema(), []arrow.RecordBatch{rec})
	rec.Release()
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Release()
	resp, err := s.WriteBatch(t.Context(), &offlinestore.WriteBatchRequest{Project: "p", Destination: dst, Records: rd})
	if err != nil {
		t.Fatalf("WriteBatch: %v", err)
	}
	if resp.RowsWritten != int64(len(rows)) {
		t.Errorf("RowsWritten = %d, want %d", resp.RowsWritten, len(rows))
	}
}

func TestWriteBatchRoundTrip(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	s := newStore(t, `{"root": "`+root+`"}`)
	dst := fixtureSource("")
	dst.Options = map[string]string{"table": "saved", "owned": "true"}
	write(t, s, dst, pullFixture[0])
	write(t, s, dst, pullFixture[1])

	entries, _ := os.ReadDir(filepath.Join(root, "saved"))
	part := regexp.MustCompile(`^part-\d{8}T\d{6}\.\d{9}Z-[0-9a-f]{12}-[0-9a-f]{16}\.parquet$`)
	parts := 0
	for _, e := range entries {
		switch {
		case part.MatchString(e.Name()):
			parts++
		case e.Name() != ownedMarker:
			t.Errorf("unexpected file %s", e.Name())
		}
	}
	if parts != 2 {
		t.Errorf("%d part files, want 2", parts)
	}

	req := &offlinestore.PullRequest{Source: dst, JoinKeys: []string{"driver_id"}, FeatureColumns: []string{"conv"}}
	var want []string
	for _, g := range pullFixture {
		for _, r := range g {
			want = append(want, rowLine(r))
		}
	}
	sort.Strings(want)
	if d := cmp.Diff(want, pullRows(t, s, false, req)); d != "" {
		t.Errorf("rows (-want +got):\n%s", d)
	}

	// Without "owned" the data stays; with it, the directory goes.
	keep := dst
	keep.Options = map[string]string{"table": "saved"}
	teardown(t, s, "p", keep)
	if _, err := os.Stat(filepath.Join(root, "saved")); err != nil {
		t.Errorf("Teardown without owned removed the table: %v", err)
	}
	teardown(t, s, "other", dst)
	if _, err := os.Stat(filepath.Join(root, "saved")); err != nil {
		t.Errorf("Teardown of another project removed the table: %v", err)
	}
	teardown(t, s, "p", dst)
	if _, err := os.Stat(filepath.Join(root, "saved")); !os.IsNotExist(err) {
		t.Errorf("Teardown with owned left the table: %v", err)
	}
}

// TestTeardownRemovesOnlyItsProjectsParts: two projects write to one
// table; each Teardown removes its own rows, the last one the directory. A
// part file without a project tag (written before tags) is the creator's.
func TestTeardownRemovesOnlyItsProjectsParts(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	s := newStore(t, `{"root": "`+root+`"}`)
	dst := fixtureSource("")
	dst.Options = map[string]string{"table": "shared", "owned": "true"}
	write(t, s, dst, pullFixture[0]) // "p" creates the directory
	dir := filepath.Join(root, "shared")
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".parquet") { // as written before part files had a tag
			legacy := strings.TrimSuffix(e.Name(), "-"+projectTag("p")+".parquet") + ".parquet"
			if err := os.Rename(filepath.Join(dir, e.Name()), filepath.Join(dir, legacy)); err != nil {
				t.Fatal(err)
			}
		}
	}
	rec := fixtureRecord("UTC", pullFixture[1])
	rd, err := array.NewRecordReader(rec.Schema(), []arrow.RecordBatch{rec})
	rec.Release()
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Release()
	if _, err := s.WriteBatch(t.Context(), &offlinestore.WriteBatchRequest{Project: "q", Destination: dst, Records: rd}); err != nil {
		t.Fatal(err)
	}
	req := &offlinestore.PullRequest{Source: dst, JoinKeys: []string{"driver_id"}, FeatureColumns: []string{"conv"}}
	rowsOf := func(groups ...[]row) []string {
		var out []string
		for _, g := range groups {
			for _, r := range g {
				out = append(out, rowLine(r))
			}
		}
		sort.Strings(out)
		return out
	}
	teardown(t, s, "p", dst)
	if d := cmp.Diff(rowsOf(pullFixture[1]), pullRows(t, s, false, req)); d != "" {
		t.Errorf("after p's Teardown (-want +got):\n%s", d)
	}
	teardown(t, s, "q", dst)
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("after both Teardowns the directory is still there: %v", err)
	}
}

func TestTeardownKeepsUserDirectories(t *testing.T) {
	t.Parallel()
	s := newStore(t, `{}`)
	dir := writePullFixture(t, "UTC")
	dst := fixtureSource(dir)
	dst.Options["owned"] = "true"
	write(t, s, dst, pullFixture[0]) // into a directory the store did not create
	teardown(t, s, "p", dst)
	if _, err := os.Stat(filepath.Join(dir, "a.parquet")); err != nil {
		t.Errorf("Teardown removed a user file: %v", err)
	}
}

// teardown calls Teardown for one source.
func teardown(t *testing.T, s *Store, project string, src types.DataSourceSpec) {
	t.Helper()
	if _, err := s.Teardown(t.Context(), &offlinestore.TeardownRequest{Project: project, Sources: []types.DataSourceSpec{src}}); err != nil {
		t.Fatalf("Teardown: %v", err)
	}
}

// TestASingleFileSourceReadsItsPushedDirectory: rows written to
// <file>.pushed (where offline writes to a single-file source go) are
// read with the file; without the directory the file alone is read.
func TestASingleFileSourceReadsItsPushedDirectory(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s := newStore(t, `{}`)
	file := filepath.Join(dir, "drivers.parquet")
	writeRecord(t, file, fixtureRecord("UTC", pullFixture[0]))
	src := fixtureSource(file)
	req := &offlinestore.PullRequest{Source: src, JoinKeys: []string{"driver_id"}, FeatureColumns: []string{"conv"}}
	if got := pullRows(t, s, false, req); len(got) != len(pullFixture[0]) {
		t.Fatalf("the file alone: %d rows, want %d", len(got), len(pullFixture[0]))
	}
	pushed := src
	pushed.Options = map[string]string{"path": file + PushedSuffix}
	write(t, s, pushed, pullFixture[1])
	var want []string
	for _, g := range pullFixture {
		for _, r := range g {
			want = append(want, rowLine(r))
		}
	}
	sort.Strings(want)
	if d := cmp.Diff(want, pullRows(t, s, false, req)); d != "" {
		t.Errorf("the file and its pushed rows (-want +got):\n%s", d)
	}
}
