package bench

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/quiverfs/quiver/conformance/memstore"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/pluginclient"
	"github.com/quiverfs/quiver/sdk/types"
)

// PluginHop measures an online Read host -> plugin -> host through go-plugin
// (AutoMTLS on), on each data path, against the same Read on the same store
// in process, and against an Echo of the answer's size on the same path.
type PluginHop struct {
	// Plugin is the reference plugin binary (quiver-plugin-memory).
	Plugin string
	// Requests per measurement, after Warmup requests.
	Requests, Warmup int
	// DataPaths are the paths measured; default both.
	DataPaths []string
}

// hopShape is one payload shape.
type hopShape struct {
	entities, features int
}

var hopShapes = []hopShape{{1, 10}, {100, 50}}

// Run measures and prints a Markdown report to w.
func (b *PluginHop) Run(ctx context.Context, w io.Writer) error {
	paths := b.DataPaths
	if len(paths) == 0 {
		paths = []string{pluginclient.DataPathGRPC, pluginclient.DataPathSocket}
	}
	local := memstore.NewOnline()
	var rows []Summary
	var notes []string
	inProcess := map[hopShape]Summary{}
	for _, shape := range hopShapes {
		req, err := seed(ctx, local, shape)
		if err != nil {
			return fmt.Errorf("in process: %w", err)
		}
		lat, _, err := b.measure(ctx, local, req)
		if err != nil {
			return fmt.Errorf("in process: %w", err)
		}
		inProcess[shape] = lat.Summarize(fmt.Sprintf("Read %dx%d in process", shape.entities, shape.features))
		rows = append(rows, inProcess[shape])
	}
	for _, path := range paths {
		pathRows, pathNotes, err := b.runPath(ctx, path, inProcess)
		if err != nil {
			return fmt.Errorf("%s path: %w", path, err)
		}
		rows, notes = append(rows, pathRows...), append(notes, pathNotes...)
	}
	fmt.Fprintf(w, "Plugin hop: Read round trip, %d requests each after %d warm-up, sequential; %s\n\n", b.Requests, b.Warmup, Machine())
	WriteTable(w, rows)
	fmt.Fprintln(w)
	for _, n := range notes {
		fmt.Fprintln(w, n)
	}
	return nil
}

// runPath measures the Reads, an Echo of each answer's size and an empty
// Echo through one launch of the plugin on one data path.
func (b *PluginHop) runPath(ctx context.Context, path string, inProcess map[hopShape]Summary) ([]Summary, []string, error) {
	client, err := pluginclient.Launch(ctx, pluginclient.Config{Path: b.Plugin, DataPath: path})
	if err != nil {
		return nil, nil, err
	}
	defer client.Close()
	if got := client.DataPath(); got != path {
		return nil, nil, fmt.Errorf("the plugin is on the %s path", got)
	}
	remote, ok := client.Online()
	if !ok {
		return nil, nil, fmt.Errorf("%s serves no online store", b.Plugin)
	}
	var rows []Summary
	var notes []string
	for _, shape := range hopShapes {
		req, err := seed(ctx, remote, shape)
		if err != nil {
			return nil, nil, err
		}
		lat, size, err := b.measure(ctx, remote, req)
		if err != nil {
			return nil, nil, err
		}
		read := lat.Summarize(fmt.Sprintf("Read %dx%d through the plugin, %s path", shape.entities, shape.features, path))
		echoLat, err := measureEcho(ctx, client, make([]byte, size), b.Warmup, b.Requests)
		if err != nil {
			return nil, nil, err
		}
		echo := echoLat.Summarize(fmt.Sprintf("floor: Echo of %d bytes (the %dx%d answer), %s path", size, shape.entities, shape.features, path))
		rows = append(rows, read, echo)
		in := inProcess[shape]
		notes = append(notes, fmt.Sprintf("- %dx%d, %s path: p50 %s, %.1fx in process (%s), %.2fx the same-size echo (%s)",
			shape.entities, shape.features, path, Micros(read.P50), float64(read.P50)/float64(max(in.P50, 1)), Micros(in.P50),
			float64(read.P50)/float64(max(echo.P50, 1)), Micros(echo.P50)))
	}
	noop, err := measureEcho(ctx, client, nil, b.Warmup, b.Requests)
	if err != nil {
		return nil, nil, err
	}
	return append(rows, noop.Summarize(fmt.Sprintf("floor: empty Echo, %s path", path))), notes, nil
}

// measure times sequential Reads of req; it also returns the encoded size
// of the answer.
func (b *PluginHop) measure(ctx context.Context, s onlinestore.Store, req *onlinestore.ReadRequest) (Latencies, int, error) {
	lat := make(Latencies, 0, b.Requests)
	size := 0
	for i := range b.Warmup + b.Requests {
		start := time.Now()
		resp, err := s.Read(ctx, req)
		d := time.Since(start)
		if err != nil {
			return nil, 0, err
		}
		if !resp.Views[0][0].Found {
			return nil, 0, fmt.Errorf("read found nothing")
		}
		if i == 0 {
			size = pluginclient.EncodedReadSize(req, resp)
		}
		if i >= b.Warmup {
			lat = append(lat, d)
		}
	}
	return lat, size, nil
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
