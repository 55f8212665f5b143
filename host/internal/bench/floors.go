package bench

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/quiverfs/quiver/sdk/pluginclient"
)

// Pace is an open-loop rate: Rate calls a second, N of them.
type Pace struct{ Rate, N int }

// paced runs fn pace.N times, one every 1/pace.Rate s, and returns the
// durations it reports: the latencies of an idle machine woken that often,
// as the open-loop serving runs see them.
func paced(ctx context.Context, pace Pace, fn func() (time.Duration, error)) (Latencies, error) {
	tick := time.NewTicker(time.Second / time.Duration(pace.Rate))
	defer tick.Stop()
	lat := make(Latencies, 0, pace.N)
	for range pace.N {
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-tick.C:
		}
		d, err := fn()
		if err != nil {
			return nil, err
		}
		lat = append(lat, d)
	}
	return lat, nil
}

// PluginNoop times the smallest call through a plugin binary on the given
// data path: an empty Echo, which touches no store. It is the plugin hop's
// floor, in the same run as what it is compared with: requests calls back
// to back, then, when pace.Rate is set, calls paced as pace says, through
// the same launch.
func PluginNoop(ctx context.Context, plugin, dataPath string, requests int, pace Pace) ([]Summary, error) {
	client, err := pluginclient.Launch(ctx, pluginclient.Config{Path: plugin, DataPath: dataPath})
	if err != nil {
		return nil, err
	}
	defer client.Close()
	lat, err := measureEcho(ctx, client, nil, requests/10, requests)
	if err != nil {
		return nil, err
	}
	name := fmt.Sprintf("floor: plugin no-op (empty Echo through %s, %s path", baseName(plugin), client.DataPath())
	out := []Summary{lat.Summarize(name + ", sequential)")}
	if pace.Rate == 0 {
		return out, nil
	}
	if lat, err = paced(ctx, pace, func() (time.Duration, error) {
		start := time.Now()
		_, err := client.Echo(ctx, nil)
		return time.Since(start), err
	}); err != nil {
		return nil, err
	}
	return append(out, lat.Summarize(fmt.Sprintf("%s, paced %d req/s)", name, pace.Rate))), nil
}

// measureEcho times sequential Echos of payload through client's data path.
func measureEcho(ctx context.Context, client *pluginclient.Client, payload []byte, warmup, requests int) (Latencies, error) {
	lat := make(Latencies, 0, requests)
	for i := range warmup + requests {
		start := time.Now()
		got, err := client.Echo(ctx, payload)
		d := time.Since(start)
		if err != nil {
			return nil, err
		}
		if len(got) != len(payload) {
			return nil, fmt.Errorf("echo of %d bytes came back with %d", len(payload), len(got))
		}
		if i >= warmup {
			lat = append(lat, d)
		}
	}
	return lat, nil
}

func baseName(path string) string { return path[strings.LastIndex(path, "/")+1:] }

// writeTargets prints how the serving figures compare with their floors
// of the same run: the closed-loop throughput as a share of the HTTP
// floor's, and the 1 x N p50 at rate req/s against the sum of the floors'
// p50s (the HTTP floor at that rate, the plugin no-op when there is a
// plugin, the store's 1 x N read in process).
func writeTargets(w io.Writer, rows []Summary, rate int) {
	find := func(match func(Summary) bool) (Summary, bool) {
		for _, r := range rows {
			if match(r) {
				return r, true
			}
		}
		return Summary{}, false
	}
	isFloor := func(r Summary) bool { return strings.HasPrefix(r.Name, "floor") }
	served, ok1 := find(func(r Summary) bool { return !isFloor(r) && r.Rate > 0 })
	noop, ok2 := find(func(r Summary) bool { return isFloor(r) && r.Rate > 0 })
	if ok1 && ok2 {
		fmt.Fprintf(w, "- closed loop: %.0f req/s, %.1f%% of the HTTP floor's %.0f req/s\n", served.Rate, 100*served.Rate/noop.Rate, noop.Rate)
	}
	atRate := fmt.Sprintf("open loop %d req/s", rate)
	open, ok1 := find(func(r Summary) bool {
		return !isFloor(r) && strings.Contains(r.Name, "1x") && strings.Contains(r.Name, atRate)
	})
	httpFloor, ok2 := find(func(r Summary) bool { return isFloor(r) && strings.Contains(r.Name, atRate) })
	if !ok1 || !ok2 {
		return
	}
	for _, pacedFloors := range []bool{false, true} {
		isPaced := func(r Summary) bool { return strings.Contains(r.Name, "paced") == pacedFloors }
		sum, parts := httpFloor.P50, []string{"HTTP " + Micros(httpFloor.P50)}
		p, okPlugin := find(func(r Summary) bool { return strings.HasPrefix(r.Name, "floor: plugin no-op") && isPaced(r) })
		if okPlugin {
			sum += p.P50
			parts = append(parts, "plugin "+Micros(p.P50))
		}
		st, okStore := find(func(r Summary) bool {
			return isFloor(r) && strings.Contains(r.Name, " 1x") && !strings.Contains(r.Name, "HTTP") && isPaced(r)
		})
		if okStore {
			sum += st.P50
			parts = append(parts, "store "+Micros(st.P50))
		}
		how := "the other floors back to back"
		if pacedFloors {
			if !okPlugin && !okStore {
				return
			}
			how = fmt.Sprintf("the other floors paced at %d req/s", rate)
		}
		fmt.Fprintf(w, "- 1x at %d req/s: p50 %s, %.2fx the sum of the floors' p50s, %s (%s = %s)\n",
			rate, Micros(open.P50), float64(open.P50)/float64(max(sum, 1)), how, strings.Join(parts, " + "), Micros(sum))
	}
}
