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

// RedisMaterialize measures `quiver materialize` of Entities rows (one per
// entity) x Features float32 features from Parquet into Redis through the
// Redis plugin, with the real CLI binary.
type RedisMaterialize struct {
	Quiver, Plugin     string
	RedisAddr          string
	Entities, Features int
}

// Run generates the data, applies, materializes and prints the figures.
func (b *RedisMaterialize) Run(ctx context.Context, w io.Writer) error {
	dir, err := os.MkdirTemp("", "quiver-bench-redis-materialize-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	fields := make([]types.Field, b.Features)
	for i := range fields {
		fields[i] = types.Field{Name: fmt.Sprintf("f%02d", i), Type: types.Float32}
	}
	if err := redisRepo(b.Quiver, b.Plugin, dir, b.RedisAddr, fields, "0s"); err != nil {
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
	memBefore := redisInfo(b.RedisAddr, "memory", "used_memory_human")
	start := time.Now()
	out, err := quiverCmd(b.Quiver, dir, "materialize", end.Add(-2*time.Hour).Format(time.RFC3339), end.Format(time.RFC3339))
	if err != nil {
		return err
	}
	took := time.Since(start)
	memAfter := redisInfo(b.RedisAddr, "memory", "used_memory_human")
	_, _ = quiverCmd(b.Quiver, dir, "teardown")
	fmt.Fprintf(w, "Materialize %d entities x %d float32 features, Parquet -> Redis through quiver-plugin-redis (redis-server %s), `quiver materialize`; %s\n\n",
		b.Entities, b.Features, redisInfo(b.RedisAddr, "server", "redis_version"), Machine())
	fmt.Fprintf(w, "| measurement | value |\n|---|---|\n")
	fmt.Fprintf(w, "| generate the Parquet file | %.1f s |\n", gen.Seconds())
	fmt.Fprintf(w, "| `quiver materialize` wall time | %.1f s |\n", took.Seconds())
	fmt.Fprintf(w, "| rows per second | %.0f |\n", float64(b.Entities)/took.Seconds())
	fmt.Fprintf(w, "| Redis used_memory before / after | %s / %s |\n\n", memBefore, memAfter)
	fmt.Fprintf(w, "```\n%s```\n", out)
	return nil
}
