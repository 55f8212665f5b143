package bench

import (
	"fmt"
	"io"
	"runtime"
	"sort"
	"time"
)

// Latencies collects durations and reports percentiles.
type Latencies []time.Duration

// Percentile returns the p-th percentile (0 < p <= 100), nearest rank.
func (l Latencies) Percentile(p float64) time.Duration {
	if len(l) == 0 {
		return 0
	}
	s := append(Latencies(nil), l...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	idx := int(float64(len(s))*p/100+0.5) - 1
	idx = max(0, min(idx, len(s)-1))
	return s[idx]
}

// Summary is p50/p90/p99 of a measurement.
type Summary struct {
	Name          string
	N             int
	P50, P90, P99 time.Duration
	// Rate is the requests per second of a closed-loop run (0 otherwise).
	Rate float64
}

// Summarize computes a Summary.
func (l Latencies) Summarize(name string) Summary {
	return Summary{Name: name, N: len(l), P50: l.Percentile(50), P90: l.Percentile(90), P99: l.Percentile(99)}
}

// Micros renders a duration in microseconds with one decimal.
func Micros(d time.Duration) string { return fmt.Sprintf("%.1f µs", float64(d.Nanoseconds())/1e3) }

// Machine describes the machine for the report.
func Machine() string {
	return fmt.Sprintf("%d CPUs, %s/%s, %s", runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, runtime.Version())
}

// WriteTable prints summaries as a Markdown table.
func WriteTable(w io.Writer, rows []Summary) {
	fmt.Fprintln(w, "| measurement | n | p50 | p90 | p99 |")
	fmt.Fprintln(w, "|---|---|---|---|---|")
	for _, r := range rows {
		fmt.Fprintf(w, "| %s | %d | %s | %s | %s |\n", r.Name, r.N, Micros(r.P50), Micros(r.P90), Micros(r.P99))
	}
}
