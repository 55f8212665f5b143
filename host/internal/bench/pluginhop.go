package bench

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/quiverfs/quiver/conformance/memstore"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/pluginclient"
	"github.com/quiverfs/quiver/sdk/types"
)

// PluginHop measures an online Read host -> plugin -> host through go-plugin
// (AutoMTLS on) against the same Read on the same store in process.
type PluginHop struct {
	// Plugin is the reference plugin binary (quiver-plugin-memory).
	Plugin string
	// Requests per measurement, after Warmup requests.
	Requests, Warmup int
}

// hopShape is one payload shape.
type hopShape struct {
	entities, features int
}

var hopShapes = []hopShape{{1, 10}, {100, 50}}

// Run measures and prints a Markdown report to w.
func (b *PluginHop) Run(ctx context.Context, w io.Writer) error {
	client, err := pluginclient.Launch(ctx, pluginclient.Config{Path: b.Plugin})
	if err != nil {
		return err
	}
	defer client.Close()
	remote, ok := client.Online()
	if !ok {
		return fmt.Errorf("%s serves no online store", b.Plugin)
	}
	local := memstore.NewOnline()
	var rows []Summary
	for _, shape := range hopShapes {
		for _, side := range []struct {
			name  string
			store onlinestore.Store
		}{{"in process", local}, {"through the plugin", remote}} {
			req, err := seed(ctx, side.store, shape)
			if err != nil {
				return fmt.Errorf("%s: %w", side.name, err)
			}
			lat, err := b.measure(ctx, side.store, req)
			if err != nil {
				return fmt.Errorf("%s: %w", side.name, err)
			}
			rows = append(rows, lat.Summarize(fmt.Sprintf("Read %dx%d %s", shape.entities, shape.features, side.name)))
		}
	}
	health, err := b.measureHealth(ctx, remote)
	if err != nil {
		return err
	}
	rows = append(rows, health.Summarize("floor: Health (unary no-op) through the plugin"))
	fmt.Fprintf(w, "Plugin hop: Read round trip, %d requests each after %d warm-up, sequential; %s\n\n", b.Requests, b.Warmup, Machine())
	WriteTable(w, rows)
	fmt.Fprintln(w)
	for i := 0; i+1 < len(rows)-1; i += 2 {
		in, out := rows[i], rows[i+1]
		fmt.Fprintf(w, "- %s: the hop adds %s at p50 (%.1fx), %s at p99\n", strings.TrimSuffix(in.Name, " in process"),
			Micros(out.P50-in.P50), float64(out.P50)/float64(max(in.P50, 1)), Micros(out.P99-in.P99))
	}
	return nil
}

// measureHealth times the smallest unary call through the plugin: the floor
// of any hop on this machine, measured in the same run.
func (b *PluginHop) measureHealth(ctx context.Context, s onlinestore.Store) (Latencies, error) {
	lat := make(Latencies, 0, b.Requests)
	for i := range b.Warmup + b.Requests {
		start := time.Now()
		if _, err := s.Health(ctx, &onlinestore.HealthRequest{}); err != nil {
			return nil, err
		}
		if i >= b.Warmup {
			lat = append(lat, time.Since(start))
		}
	}
	return lat, nil
}

func (b *PluginHop) measure(ctx context.Context, s onlinestore.Store, req *onlinestore.ReadRequest) (Latencies, error) {
	lat := make(Latencies, 0, b.Requests)
	for i := range b.Warmup + b.Requests {
		start := time.Now()
		resp, err := s.Read(ctx, req)
		d := time.Since(start)
		if err != nil {
			return nil, err
		}
		if !resp.Views[0][0].Found {
			return nil, fmt.Errorf("read found nothing")
		}
		if i >= b.Warmup {
			lat = append(lat, d)
		}
	}
	return lat, nil
}

// seed creates a view with the shape's features and writes its entities.
func seed(ctx context.Context, s onlinestore.Store, shape hopShape) (*onlinestore.ReadRequest, error) {
	project := fmt.Sprintf("bench_%d_%d", shape.entities, shape.features)
	if _, err := s.Configure(ctx, &onlinestore.ConfigureRequest{Project: project, Config: []byte("{}")}); err != nil {
		return nil, err
	}
	view := types.FeatureViewSpec{Name: "stats", JoinKeys: []types.Field{{Name: "driver_id", Type: types.Int64}}}
	names := make([]string, shape.features)
	for i := range names {
		names[i] = fmt.Sprintf("f%02d", i)
		view.Features = append(view.Features, types.Field{Name: names[i], Type: types.Float64})
	}
	if _, err := s.ApplyInfra(ctx, &onlinestore.ApplyInfraRequest{Project: project, ViewsToKeep: []types.FeatureViewSpec{view}}); err != nil {
		return nil, err
	}
	write := &onlinestore.WriteBatchRequest{Project: project, FeatureView: "stats", FeatureNames: names}
	read := onlinestore.ReadView{FeatureView: "stats", Features: names}
	now := time.Now().UTC().Truncate(time.Microsecond)
	for e := range shape.entities {
		key := types.EntityKey{{JoinKey: "driver_id", Value: types.Int64Value(int64(1001 + e))}}
		vals := make([]types.Value, shape.features)
		for f := range vals {
			vals[f] = types.Float64Value(float64(e*f) / 7)
		}
		write.Rows = append(write.Rows, onlinestore.WriteRow{EntityKey: key, Values: vals, EventTimestamp: now})
		read.EntityKeys = append(read.EntityKeys, key)
	}
	if _, err := s.WriteBatch(ctx, write); err != nil {
		return nil, err
	}
	return &onlinestore.ReadRequest{Project: project, Views: []onlinestore.ReadView{read}}, nil
}
