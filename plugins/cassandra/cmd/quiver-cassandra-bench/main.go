// Command quiver-cassandra-bench measures the Cassandra online store in
// process, next to quiver-bench's HTTP figures of the same data:
//
//	quiver-cassandra-bench floor   reads of the tables quiver-bench cassandra-http
//	                               wrote: through cassandrastore in process, and
//	                               straight through the driver (the floor)
//	quiver-cassandra-bench vector  top-k over N x D vectors: SAI (approximate)
//	                               and FLAT (exact scan) searches, recall@k
//	                               against exact search in Go
//
// It lives in the plugin's module so the host does not depend on the
// Cassandra driver. scripts/bench.sh runs it; it prints Markdown for
// docs/benchmarks.md.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: quiver-cassandra-bench floor|vector [flags]")
		os.Exit(2)
	}
	fs := flag.NewFlagSet(os.Args[1], flag.ExitOnError)
	addr := fs.String("cassandra", os.Getenv("QUIVER_TEST_CASSANDRA_ADDR"), "Cassandra address host:port")
	keyspace := fs.String("keyspace", "quiver_bench", "keyspace of the tables")
	var run func(ctx context.Context) error
	switch os.Args[1] {
	case "floor":
		o := floorOptions{}
		fs.StringVar(&o.project, "project", "bench", "project of the tables (quiver-bench's)")
		fs.StringVar(&o.view, "view", "driver_stats", "feature view to read")
		fs.IntVar(&o.drivers, "drivers", 10000, "drivers 1001.. to read")
		fs.IntVar(&o.requests, "requests", 2000, "reads per shape")
		run = func(ctx context.Context) error { o.addr, o.keyspace = *addr, *keyspace; return floor(ctx, o) }
	case "vector":
		o := vectorOptions{}
		fs.IntVar(&o.rows, "rows", 100_000, "vectors to load")
		fs.IntVar(&o.dim, "dim", 384, "vector dimension")
		fs.IntVar(&o.topK, "top-k", 10, "hits per search")
		fs.IntVar(&o.queries, "queries", 200, "SAI searches")
		fs.IntVar(&o.flatQueries, "flat-queries", 5, "FLAT (scan) searches")
		cands := fs.String("candidates", "100,400,1000", "ann_candidates settings to measure, comma-separated")
		run = func(ctx context.Context) error {
			o.addr, o.keyspace = *addr, *keyspace
			for _, c := range strings.Split(*cands, ",") {
				n, err := strconv.Atoi(strings.TrimSpace(c))
				if err != nil || n < 1 {
					return fmt.Errorf("--candidates: %q is not a positive number", c)
				}
				o.candidates = append(o.candidates, n)
			}
			return vector(ctx, o)
		}
	default:
		fmt.Fprintln(os.Stderr, "usage: quiver-cassandra-bench floor|vector [flags]")
		os.Exit(2)
	}
	_ = fs.Parse(os.Args[2:])
	if *addr == "" {
		fmt.Fprintln(os.Stderr, "quiver-cassandra-bench: --cassandra (or QUIVER_TEST_CASSANDRA_ADDR) is required; scripts/backends/cassandra.sh start DIR starts one")
		os.Exit(2)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
	defer cancel()
	if err := run(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "quiver-cassandra-bench:", err)
		os.Exit(1)
	}
}

// machine describes where the figures come from.
func machine() string {
	return fmt.Sprintf("%d CPUs, %s/%s, %s", runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, runtime.Version())
}

// row is one line of a latency table.
type row struct {
	name string
	lat  []time.Duration
}

// printRows prints latencies as a Markdown table with p50, p90 and p99.
func printRows(rows []row) {
	fmt.Println("| measurement | n | p50 | p90 | p99 |")
	fmt.Println("|---|---|---|---|---|")
	for _, r := range rows {
		l := append([]time.Duration(nil), r.lat...)
		sort.Slice(l, func(i, j int) bool { return l[i] < l[j] })
		q := func(p float64) string {
			if len(l) == 0 {
				return "-"
			}
			return fmt.Sprintf("%.1f µs", float64(l[min(len(l)-1, int(p*float64(len(l))))].Nanoseconds())/1e3)
		}
		fmt.Printf("| %s | %d | %s | %s | %s |\n", r.name, len(l), q(0.50), q(0.90), q(0.99))
	}
}
