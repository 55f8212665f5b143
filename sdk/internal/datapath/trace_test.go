package datapath

import (
	"context"
	"io"
	"net"
	"testing"
	"time"

	"go.opentelemetry.io/otel/trace"

	pb "github.com/quiverfs/quiver/sdk/internal/gen/quiver/plugin/v1"
)

// TestAReadCarriesItsTraceToThePlugin: a read made in a sampled span
// reaches the plugin's read with that span as its remote parent; one made
// outside any span carries none; a host facing a version 1 plugin sends
// none either.
func TestAReadCarriesItsTraceToThePlugin(t *testing.T) {
	t.Parallel()
	got := make(chan trace.SpanContext, 1)
	s := listen(t, func(ctx context.Context, req *pb.ReadRequest, send func(*pb.ReadResponse) error) error {
		got <- trace.SpanContextFromContext(ctx)
		return send(&pb.ReadResponse{})
	})
	traceID, _ := trace.TraceIDFromHex("4bf92f3577b34da6a3ce929d0e0e4736")
	spanID, _ := trace.SpanIDFromHex("00f067aa0ba902b7")
	parent := trace.NewSpanContext(trace.SpanContextConfig{TraceID: traceID, SpanID: spanID, TraceFlags: trace.FlagsSampled})
	traced := trace.ContextWithSpanContext(context.Background(), parent)
	read := func(c *Client, ctx context.Context) trace.SpanContext {
		t.Helper()
		if err := c.Read(ctx, &pb.ReadRequest{Project: "p"}, func(*pb.ReadResponse) error { return nil }); err != nil {
			t.Fatal(err)
		}
		return <-got
	}

	c, err := Dial(context.Background(), s.Info())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if sc := read(c, traced); !sc.IsRemote() || sc.TraceID() != traceID || sc.SpanID() != spanID || !sc.IsSampled() {
		t.Errorf("the plugin saw %+v, want the remote parent %+v", sc, parent)
	}
	if sc := read(c, context.Background()); sc.IsValid() {
		t.Errorf("a read outside any span carried %+v", sc)
	}

	old := s.Info()
	old.Version = 1
	c1, err := Dial(context.Background(), old)
	if err != nil {
		t.Fatalf("a version 1 plugin: %v", err)
	}
	defer c1.Close()
	if sc := read(c1, traced); sc.IsValid() {
		t.Errorf("a read to a version 1 plugin carried %+v", sc)
	}
}

// TestATraceContextThatBreaksTheFrameIsNotAnswered: a length byte past the
// payload or over the bound, or an empty payload, closes the connection
// without an answer; a malformed traceparent within the layout is ignored.
func TestATraceContextThatBreaksTheFrameIsNotAnswered(t *testing.T) {
	t.Parallel()
	s := listen(t, echoRead)
	for name, payload := range map[string][]byte{
		"empty":           nil,
		"past the end":    {10, 'x'},
		"over the bound":  append([]byte{maxTraceContext + 1}, make([]byte, maxTraceContext+1)...),
		"length byte 255": append([]byte{255}, make([]byte, 300)...),
	} {
		nc, err := net.Dial("unix", s.Info().GetAddress())
		if err != nil {
			t.Fatal(err)
		}
		_, _ = nc.Write(append(mustFrame(t, typeHello, s.Info().GetToken()), mustFrame(t, typeReadTraced, payload)...))
		_ = nc.SetReadDeadline(time.Now().Add(5 * time.Second))
		if n, err := io.ReadFull(nc, make([]byte, 1)); n != 0 || err != io.EOF {
			t.Errorf("%s: the plugin answered (%d bytes, %v); want the connection closed", name, n, err)
		}
		nc.Close()
	}
	c, err := Dial(context.Background(), s.Info())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Echo(context.Background(), []byte("still served")); err != nil {
		t.Errorf("after the broken frames: %v", err)
	}
}

// TestMalformedTraceParentsAreIgnored: a traceparent that does not parse
// gives no parent, and no span gives no traceparent.
func TestMalformedTraceParentsAreIgnored(t *testing.T) {
	t.Parallel()
	if sc := trace.SpanContextFromContext(withTraceParent(context.Background(), "00-zz-yy-01")); sc.IsValid() {
		t.Errorf("a malformed traceparent gave %+v", sc)
	}
	if tp := traceParent(context.Background()); tp != "" {
		t.Errorf("no span, traceparent %q", tp)
	}
}
