package bench

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	_ "github.com/duckdb/duckdb-go/v2" // the database/sql driver "duckdb"
)

// Historical compares the pitjoin engine with a plain DuckDB ASOF JOIN
// (the floor) over generated Parquet data, each run in a child process.
type Historical struct {
	Self     string // this binary, to run children
	Dir      string // data directory; files are generated once and reused
	Features int
	Curve    []int // entity rows against the large table
	Threads  int
	Memory   string
}

// case is one entity table against one feature table.
type histCase struct {
	entities, rows, drivers int
}

// Run generates the data (once), measures and prints Markdown.
func (h *Historical) Run(ctx context.Context, w io.Writer) error {
	dir, err := filepath.Abs(h.Dir)
	if err != nil {
		return err
	}
	h.Dir = dir
	cases := []histCase{{100_000, 1_000_000, 10_000}}
	for _, n := range h.Curve {
		cases = append(cases, histCase{n, 10_000_000, 100_000})
	}
	fmt.Fprintf(w, "Machine: %s. DuckDB threads %d, memory_limit %s; %d float64 features, ttl 0, no created column.\n\n", Machine(), h.Threads, h.Memory, h.Features)
	fmt.Fprintln(w, "| entity rows | feature rows | floor s | quiver s | ratio | floor peak RSS | quiver peak RSS |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|")
	for _, c := range cases {
		feat, err := h.featureFile(ctx, c.rows, c.drivers)
		if err != nil {
			return err
		}
		ents, err := h.entityFile(ctx, c.entities, c.drivers)
		if err != nil {
			return err
		}
		floor, err := h.child(ctx, "floor", ents, feat)
		if err != nil {
			return err
		}
		q, err := h.child(ctx, "quiver", ents, feat)
		if err != nil {
			return err
		}
		if q.Rows != int64(c.entities) || floor.Rows != int64(c.entities) {
			return fmt.Errorf("row counts: floor %d, quiver %d, want %d", floor.Rows, q.Rows, c.entities)
		}
		fmt.Fprintf(w, "| %d | %d | %.2f | %.2f | %.2fx | %.0f MiB | %.0f MiB |\n", c.entities, c.rows, floor.Seconds, q.Seconds,
			q.Seconds/floor.Seconds, float64(floor.PeakKB)/1024, float64(q.PeakKB)/1024)
	}
	return nil
}

// child runs one measurement in a new process.
func (h *Historical) child(ctx context.Context, mode, ents, feat string) (*runResult, error) {
	cmd := exec.CommandContext(ctx, h.Self, "historical-run", "--mode", mode, "--entities", ents, "--feature-file", feat,
		"--features", strconv.Itoa(h.Features), "--threads", strconv.Itoa(h.Threads), "--memory-limit", h.Memory)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%s run: %w\n%s", mode, err, errb.String())
	}
	var r runResult
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		return nil, fmt.Errorf("%s run output %q: %w", mode, out.String(), err)
	}
	return &r, nil
}

// featureFile generates rows feature rows over drivers keys and 100 days.
func (h *Historical) featureFile(ctx context.Context, rows, drivers int) (string, error) {
	path := filepath.Join(h.Dir, fmt.Sprintf("features_%d_%d.parquet", rows, h.Features))
	cols := []string{fmt.Sprintf("(hash(i) %% %d)::BIGINT AS driver_id", drivers),
		"TIMESTAMPTZ '2025-01-01 00:00:00+00' + to_microseconds((hash(i * 7 + 1) % 8640000000000)::BIGINT) AS event_timestamp"}
	for f := range h.Features {
		cols = append(cols, fmt.Sprintf("random() AS f%d", f))
	}
	return path, generate(ctx, path, fmt.Sprintf("SELECT %s FROM range(%d) t(i)", strings.Join(cols, ", "), rows))
}

// entityFile generates n entity rows with a label column.
func (h *Historical) entityFile(ctx context.Context, n, drivers int) (string, error) {
	path := filepath.Join(h.Dir, fmt.Sprintf("entities_%d_%d.parquet", n, drivers))
	q := fmt.Sprintf(`SELECT (hash(i + 99) %% %d)::BIGINT AS driver_id,
		TIMESTAMPTZ '2025-01-01 00:00:00+00' + to_microseconds((hash(i * 13 + 5) %% 8640000000000)::BIGINT) AS event_timestamp,
		(i %% 2)::BIGINT AS label FROM range(%d) t(i)`, drivers, n)
	return path, generate(ctx, path, q)
}

// generate writes a query's result to path unless the file exists.
func generate(ctx context.Context, path, q string) error {
	if _, err := os.Stat(path); err == nil {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	db, err := sql.Open("duckdb", ":memory:?threads=2&memory_limit=2GB")
	if err != nil {
		return err
	}
	defer db.Close()
	tmp := path + ".tmp"
	if _, err := db.ExecContext(ctx, fmt.Sprintf("COPY (%s) TO '%s' (FORMAT parquet)", q, tmp)); err != nil {
		return fmt.Errorf("generating %s: %w", path, err)
	}
	return os.Rename(tmp, path)
}
