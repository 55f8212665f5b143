package bench

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/quiverfs/quiver/host/internal/scaffold"
	"github.com/quiverfs/quiver/sdk/pluginclient"
)

// PluginHTTP measures `POST /get-online-features` of `quiver serve` with a
// store plugin as online store (host -> go-plugin -> store), against the
// same reads made in process straight through the store's client (the
// floor, when the store has one).
type PluginHTTP struct {
	Quiver   string      // the quiver binary
	Store    PluginStore // the plugin and its settings
	Drivers  int
	Features int
	Duration time.Duration // per measurement
	Rates    []int         // open-loop rates of the 1 x N runs, requests/s
	Clients  int           // closed-loop clients of the throughput run
	Dir      string        // the repository, kept when set (for the Feast side-by-side)
	DataPath string        // quiver serve --plugin-data-path; "" is its default
}

// Run sets up a repository on the store, materializes, serves, loads, prints.
func (b *PluginHTTP) Run(ctx context.Context, w io.Writer) error {
	dir := b.Dir
	if dir == "" {
		var err error
		if dir, err = os.MkdirTemp("", "quiver-bench-"+b.Store.Type+"-"); err != nil {
			return err
		}
		defer os.RemoveAll(dir)
	}
	features := scaffold.DriverStatsFeatures(b.Features)
	if err := pluginRepo(b.Quiver, b.Store, dir, features, "2d"); err != nil {
		return err
	}
	if err := scaffold.GenerateDriverStats(filepath.Join(dir, "data", "stats.parquet"), b.Drivers, 1, b.Features, time.Now().UTC()); err != nil {
		return err
	}
	for _, args := range [][]string{{"apply"}, {"materialize-incremental", "now"}} {
		if _, err := quiverCmd(b.Quiver, dir, args...); err != nil {
			return err
		}
	}
	oh := &OnlineHTTP{Quiver: b.Quiver, Drivers: b.Drivers, Features: b.Features, DataPath: b.DataPath}
	addr, stop, err := oh.serve(dir)
	if err != nil {
		return err
	}
	defer stop()
	names := make([]string, len(features))
	for i, f := range features {
		names[i] = "driver_stats:" + f.Name
	}
	load := &HTTPLoad{URL: "http://" + addr + "/get-online-features", Drivers: b.Drivers, FirstDriver: 1001, Features: names,
		Duration: b.Duration, Rates: b.Rates, Clients: b.Clients}
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
	// The plugin and store floors are also measured paced as the first
	// open-loop run is: an idle machine woken that often is slower than a
	// busy one.
	var pace Pace
	if len(b.Rates) > 0 {
		pace = Pace{Rate: b.Rates[0], N: max(int(float64(b.Rates[0])*b.Duration.Seconds()), 100)}
	}
	hop, err := PluginNoop(ctx, b.Store.Plugin, b.DataPath, 2000, pace)
	if err != nil {
		return fmt.Errorf("plugin floor: %w", err)
	}
	rows = append(rows, hop...)
	if b.Store.Floor != nil {
		floor, err := b.Store.Floor(ctx, b.Drivers, pace)
		if err != nil {
			return err
		}
		rows = append(rows, floor...)
	}
	path := b.DataPath
	if path == "" {
		path = pluginclient.DataPathGRPC
	}
	fmt.Fprintf(w, "Online serving over HTTP (`quiver serve` + %s, each in its own process, loopback, reads on the %s data path), "+
		"%d drivers x %d features, %s per run; %s\n\n", b.Store.Describe(), path, b.Drivers, b.Features, b.Duration, Machine())
	WriteTable(w, rows)
	fmt.Fprintln(w)
	writeRatios(w, rows)
	writeTargets(w, rows, 100)
	return nil
}

// writeRatios prints each HTTP shape's p50 against the floor of the same shape.
func writeRatios(w io.Writer, rows []Summary) {
	find := func(prefix string) (Summary, bool) {
		for _, r := range rows {
			if len(r.Name) >= len(prefix) && r.Name[:len(prefix)] == prefix {
				return r, true
			}
		}
		return Summary{}, false
	}
	for _, shape := range []string{"1x", "100x"} {
		h, ok1 := find("HTTP " + shape)
		f, ok2 := find("floor " + shape)
		if ok1 && ok2 {
			fmt.Fprintf(w, "- %s: HTTP p50 %s vs floor p50 %s (%.1fx)\n", shape, Micros(h.P50), Micros(f.P50), float64(h.P50)/float64(max(f.P50, 1)))
		}
	}
}
