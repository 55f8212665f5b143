package bench

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/pluginclient"
)

// PluginNoop times the smallest unary call (Health, before any Configure,
// which touches no server) through a plugin binary: the plugin hop's
// floor, in the same run as what it is compared with.
func PluginNoop(ctx context.Context, plugin string, requests int) (Summary, error) {
	client, err := pluginclient.Launch(ctx, pluginclient.Config{Path: plugin})
	if err != nil {
		return Summary{}, err
	}
	defer client.Close()
	s, ok := client.Online()
	if !ok {
		return Summary{}, fmt.Errorf("%s serves no online store", plugin)
	}
	warmup := requests / 10
	lat := make(Latencies, 0, requests)
	for i := range warmup + requests {
		start := time.Now()
		if _, err := s.Health(ctx, &onlinestore.HealthRequest{}); err != nil {
			return Summary{}, err
		}
		if i >= warmup {
			lat = append(lat, time.Since(start))
		}
	}
	return lat.Summarize("floor: plugin no-op (Health through " + baseName(plugin) + ", sequential)"), nil
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
	sum, parts := httpFloor.P50, []string{"HTTP " + Micros(httpFloor.P50)}
	if p, ok := find(func(r Summary) bool { return strings.HasPrefix(r.Name, "floor: plugin no-op") }); ok {
		sum += p.P50
		parts = append(parts, "plugin "+Micros(p.P50))
	}
	if st, ok := find(func(r Summary) bool {
		return isFloor(r) && strings.Contains(r.Name, " 1x") && !strings.Contains(r.Name, "HTTP")
	}); ok {
		sum += st.P50
		parts = append(parts, "store "+Micros(st.P50))
	}
	fmt.Fprintf(w, "- 1x at %d req/s: p50 %s, %.2fx the sum of the floors' p50s (%s = %s)\n", rate, Micros(open.P50),
		float64(open.P50)/float64(max(sum, 1)), strings.Join(parts, " + "), Micros(sum))
}
