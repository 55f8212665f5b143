package bench

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/quiverfs/quiver/host/internal/localstore/sqliteonline"
	"github.com/quiverfs/quiver/host/internal/scaffold"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// OnlineHTTP measures `POST /get-online-features` of `quiver serve` on the
// embedded SQLite store, against the same reads made in process on the
// store (the floor).
type OnlineHTTP struct {
	Quiver   string
	Drivers  int
	Features int
	Duration time.Duration
	Rate     int // requests/s of the open-loop 1 x N run (besides 100)
	Clients  int // closed-loop clients of the throughput run
	// DataPath is quiver serve's --plugin-data-path, for a plugin store;
	// "" is its default.
	DataPath string
}

// Run sets up a repo, serves it, loads it and prints the figures.
func (b *OnlineHTTP) Run(ctx context.Context, w io.Writer) error {
	dir, err := os.MkdirTemp("", "quiver-bench-online-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	features, err := materializedRepo(b.Quiver, dir, b.Drivers, b.Features, nil)
	if err != nil {
		return err
	}
	addr, stop, err := b.serve(dir)
	if err != nil {
		return err
	}
	defer stop()
	names := make([]string, len(features))
	for i, f := range features {
		names[i] = "driver_stats:" + f.Name
	}
	load := &HTTPLoad{URL: "http://" + addr + "/get-online-features", Drivers: b.Drivers, FirstDriver: 1001, Features: names,
		Duration: b.Duration, Rates: []int{b.Rate, 100}, Clients: b.Clients}
	rows, err := load.Measure(ctx)
	if err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	noop, err := HTTPFloor(ctx, self, load)
	if err != nil {
		return fmt.Errorf("HTTP floor: %w", err)
	}
	rows = append(rows, noop...)
	floor, err := b.floor(ctx, dir, features)
	if err != nil {
		return err
	}
	rows = append(rows, floor...)
	fmt.Fprintf(w, "Online serving on the embedded SQLite store over HTTP (`quiver serve` in its own process, loopback), %d drivers x %d features, %s per run; %s\n\n",
		b.Drivers, b.Features, b.Duration, Machine())
	WriteTable(w, rows)
	fmt.Fprintln(w)
	writeTargets(w, rows, 100)
	return nil
}

// serve starts `quiver serve` and waits until it answers.
func (b *OnlineHTTP) serve(dir string) (string, func(), error) {
	addr, err := freeAddr()
	if err != nil {
		return "", nil, err
	}
	grpcAddr, err := freeAddr()
	if err != nil {
		return "", nil, err
	}
	args := []string{"--repo", dir}
	if b.DataPath != "" {
		args = append(args, "--plugin-data-path", b.DataPath)
	}
	cmd := exec.Command(b.Quiver, append(args, "serve", "--http-addr", addr, "--grpc-addr", grpcAddr)...)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	stop := func() { _ = cmd.Process.Signal(os.Interrupt); _ = cmd.Wait() }
	if err := waitHTTP("http://" + addr + "/health"); err != nil {
		stop()
		return "", nil, fmt.Errorf("quiver serve: %w", err)
	}
	return addr, stop, nil
}

func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// floor reads the same shapes in process straight from the SQLite store.
func (b *OnlineHTTP) floor(ctx context.Context, dir string, features []types.Field) ([]Summary, error) {
	store := sqliteonline.New()
	defer store.Close()
	cfg := fmt.Sprintf(`{"path": %q}`, filepath.Join(dir, "data", "online.db"))
	if _, err := store.Configure(ctx, &onlinestore.ConfigureRequest{Project: "bench", Config: []byte(cfg)}); err != nil {
		return nil, err
	}
	names := make([]string, len(features))
	for i, f := range features {
		names[i] = f.Name
	}
	read := func(entities int) (time.Duration, error) {
		keys := make([]types.EntityKey, entities)
		for i := range keys {
			keys[i] = types.EntityKey{{JoinKey: "driver_id", Value: types.Int64Value(int64(1001 + rand.IntN(b.Drivers)))}}
		}
		start := time.Now()
		_, err := store.Read(ctx, &onlinestore.ReadRequest{Project: "bench",
			Views: []onlinestore.ReadView{{FeatureView: "driver_stats", Features: names, EntityKeys: keys}}})
		return time.Since(start), err
	}
	var out []Summary
	for _, entities := range []int{1, 100} {
		var lat Latencies
		for range 2000 {
			d, err := read(entities)
			if err != nil {
				return nil, err
			}
			lat = append(lat, d)
		}
		out = append(out, lat.Summarize(fmt.Sprintf("floor: SQLite Read %dx%d in process", entities, len(features))))
	}
	// The 1-entity read again, paced like the 100 req/s run it is compared with.
	n := max(int(100*b.Duration.Seconds()), 100)
	lat, err := paced(ctx, Pace{Rate: 100, N: n}, func() (time.Duration, error) { return read(1) })
	if err != nil {
		return nil, err
	}
	return append(out, lat.Summarize(fmt.Sprintf("floor: SQLite Read 1x%d in process, paced 100 req/s", len(features)))), nil
}

// materializedRepo writes a repository of one driver_stats view with n
// features over drivers drivers (and the extra definition files, by name),
// applies it and materializes it with the quiver binary. It returns the
// features.
func materializedRepo(quiver, dir string, drivers, n int, extra map[string]string) ([]types.Field, error) {
	features := scaffold.DriverStatsFeatures(n)
	if err := benchRepo(dir, features, "2d"); err != nil {
		return nil, err
	}
	for name, content := range extra {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			return nil, err
		}
	}
	if err := scaffold.GenerateDriverStats(filepath.Join(dir, "data", "stats.parquet"), drivers, 1, n, time.Now().UTC()); err != nil {
		return nil, err
	}
	for _, args := range [][]string{{"apply"}, {"materialize-incremental", "now"}} {
		if _, err := quiverCmd(quiver, dir, args...); err != nil {
			return nil, err
		}
	}
	return features, nil
}
