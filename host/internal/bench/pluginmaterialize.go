package bench

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/quiverfs/quiver/sdk/types"
)

// PluginMaterialize measures `quiver materialize` of Entities rows (one per
// entity) x Features float32 features from Parquet into a store plugin,
// with the real CLI binary.
type PluginMaterialize struct {
	Quiver             string
	Store              PluginStore
	Entities, Features int
	// Usage reports the store's memory or disk use, before and after.
	// Optional.
	Usage func() string
	// ServerCPU returns the CPU seconds the store's server has used so
	// far, to tell how much of the run it was busy. Optional.
	ServerCPU func() (float64, bool)
}

// Run generates the data, applies, materializes and prints the figures.
func (b *PluginMaterialize) Run(ctx context.Context, w io.Writer) error {
	dir, err := os.MkdirTemp("", "quiver-bench-"+b.Store.Type+"-materialize-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	fields := make([]types.Field, b.Features)
	for i := range fields {
		fields[i] = types.Field{Name: fmt.Sprintf("f%02d", i), Type: types.Float32}
	}
	if err := pluginRepo(b.Quiver, b.Store, dir, fields, "0s"); err != nil {
		return err
	}
	end := time.Now().UTC().Truncate(time.Hour)
	genStart := time.Now()
	if err := writeLatestRows(filepath.Join(dir, "data", "stats.parquet"), b.Entities, b.Features, end.Add(-time.Hour)); err != nil {
		return err
	}
	gen := time.Since(genStart)
	if _, err := quiverCmd(b.Quiver, dir, "apply"); err != nil {
		return err
	}
	usage := func() string {
		if b.Usage == nil {
			return "?"
		}
		return b.Usage()
	}
	memBefore := usage()
	cpuBefore, cpuOK := 0.0, false
	if b.ServerCPU != nil {
		cpuBefore, cpuOK = b.ServerCPU()
	}
	start := time.Now()
	out, err := quiverCmd(b.Quiver, dir, "materialize", end.Add(-2*time.Hour).Format(time.RFC3339), end.Format(time.RFC3339))
	if err != nil {
		return err
	}
	took := time.Since(start)
	memAfter := usage()
	serverCPU := "?"
	if cpuOK {
		if after, ok := b.ServerCPU(); ok {
			serverCPU = fmt.Sprintf("%.1f s (%.0f%% of the wall time)", after-cpuBefore, 100*(after-cpuBefore)/took.Seconds())
		}
	}
	_, _ = quiverCmd(b.Quiver, dir, "teardown")
	fmt.Fprintf(w, "Materialize %d entities x %d float32 features, Parquet -> %s, `quiver materialize`; %s\n\n",
		b.Entities, b.Features, b.Store.Describe(), Machine())
	fmt.Fprintf(w, "| measurement | value |\n|---|---|\n")
	fmt.Fprintf(w, "| generate the Parquet file | %.1f s |\n", gen.Seconds())
	fmt.Fprintf(w, "| `quiver materialize` wall time | %.1f s |\n", took.Seconds())
	fmt.Fprintf(w, "| rows per second | %.0f |\n", float64(b.Entities)/took.Seconds())
	fmt.Fprintf(w, "| store memory/disk before / after | %s / %s |\n", memBefore, memAfter)
	if b.ServerCPU != nil {
		fmt.Fprintf(w, "| the store server's CPU during the run | %s |\n", serverCPU)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "```\n%s```\n", out)
	return nil
}
