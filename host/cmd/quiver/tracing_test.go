package main

import (
	"context"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	collectortrace "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/grpc"

	"github.com/quiverfs/quiver/host/internal/pluginhost/plugintest"
)

// otlpReceiver is an OTLP/gRPC trace collector in the test process: it
// keeps every span exported to it, with its service's name.
type otlpReceiver struct {
	collectortrace.UnimplementedTraceServiceServer
	mu    sync.Mutex
	spans []receivedSpan
}

type receivedSpan struct {
	service string
	span    *tracepb.Span
}

func (r *otlpReceiver) Export(_ context.Context, req *collectortrace.ExportTraceServiceRequest) (*collectortrace.ExportTraceServiceResponse, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, rs := range req.ResourceSpans {
		service := ""
		for _, a := range rs.GetResource().GetAttributes() {
			if a.Key == "service.name" {
				service = a.GetValue().GetStringValue()
			}
		}
		for _, ss := range rs.ScopeSpans {
			for _, s := range ss.Spans {
				r.spans = append(r.spans, receivedSpan{service: service, span: s})
			}
		}
	}
	return &collectortrace.ExportTraceServiceResponse{}, nil
}

// trace returns the spans of one trace.
func (r *otlpReceiver) trace(id []byte) []receivedSpan {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []receivedSpan
	for _, s := range r.spans {
		if string(s.span.TraceId) == string(id) {
			out = append(out, s)
		}
	}
	return out
}

func startReceiver(t *testing.T) (*otlpReceiver, string) {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := grpc.NewServer()
	r := &otlpReceiver{}
	collectortrace.RegisterTraceServiceServer(srv, r)
	go func() { _ = srv.Serve(lis) }()
	t.Cleanup(srv.Stop)
	return r, lis.Addr().String()
}

// TestOneRequestIsOneTraceAcrossThePlugin serves from a plugin online store
// with tracing on, sends one read with a traceparent of its own, and wants
// the spans of host and plugin in the in-process collector as one chain:
// the caller's span -> the HTTP route (quiver) -> the host's store call ->
// the plugin RPC (client) -> the plugin RPC (server, quiver-plugin-memory)
// -> the plugin's store call, naming the project and view and no value. On
// the socket data path there is no RPC: the plugin's store call is the
// child of the host's.
func TestOneRequestIsOneTraceAcrossThePlugin(t *testing.T) {
	t.Parallel()
	t.Run("grpc", func(t *testing.T) {
		t.Parallel()
		traceAcrossThePlugin(t, "grpc", []tracedSpan{
			{"quiver", "POST /get-online-features"},
			{"quiver", "online_store Read"},
			{"quiver", "quiver.plugin.v1.OnlineStore/Read"},
			{"quiver-plugin-memory", "quiver.plugin.v1.OnlineStore/Read"},
			{"quiver-plugin-memory", "store Read"},
		})
	})
	t.Run("socket", func(t *testing.T) {
		t.Parallel()
		traceAcrossThePlugin(t, "socket", []tracedSpan{
			{"quiver", "POST /get-online-features"},
			{"quiver", "online_store Read"},
			{"quiver-plugin-memory", "store Read"},
		})
	})
}

// tracedSpan is a span expected in a trace: its process and name.
type tracedSpan struct{ service, name string }

// traceAcrossThePlugin serves with --plugin-data-path dataPath and wants the
// trace of one read to be the chain want, each span the child of the one
// before, the first the child of the caller's.
func traceAcrossThePlugin(t *testing.T, dataPath string, want []tracedSpan) {
	receiver, endpoint := startReceiver(t)
	_, repo, env := demoRepo(t)
	tmp, err := os.MkdirTemp("", "qt") // the plugins' TMPDIR: short enough for a socket
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(tmp) })
	env = append(env, "TMPDIR="+tmp)
	if err := os.MkdirAll(filepath.Join(repo, "plugins"), 0o755); err != nil {
		t.Fatal(err)
	}
	plugintest.Install(t, filepath.Join(repo, "plugins"), "memory")
	cfg := "project: demo\nregistry: data/registry.db\nonline_store:\n  type: memory\noffline_store:\n  type: file\n" +
		"tracing:\n  otlp_endpoint: " + endpoint + "\n  insecure: true\n"
	if err := os.WriteFile(filepath.Join(repo, "quiver.yaml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	runIn(t, repo, env, "plugins", "lock")
	runIn(t, repo, env, "apply")
	_, addr, _ := startServe(t, repo, env, "--plugin-data-path", dataPath, "serve", "--http-addr", "127.0.0.1:0", "--grpc-addr", "127.0.0.1:0")
	const city = "Zanzibar-7731" // a value that must appear in no span
	write := `{"feature_view_name": "driver_hourly_stats", "df": {"driver_id": [4242], "event_timestamp": ["` +
		time.Now().UTC().Format(time.RFC3339) + `"], "conv_rate": [0.5], "acc_rate": [0.5], "avg_daily_trips": [3], ` +
		`"rating": [4.5], "city": ["` + city + `"], "active": [true], "recent_trip_ids": [[1, 2]]}}`
	resp, err := http.Post("http://"+addr+"/write-to-online-store", "application/json", strings.NewReader(write))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("write-to-online-store: %d %s", resp.StatusCode, body)
	}

	traceID, callerSpan := "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"
	req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/get-online-features",
		strings.NewReader(`{"features": ["driver_hourly_stats:city"], "entities": {"driver_id": [4242]}}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer not-a-real-token-0123456789")
	req.Header.Set("traceparent", "00-"+traceID+"-"+callerSpan+"-01")
	if resp, err = http.DefaultClient.Do(req); err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), city) {
		t.Fatalf("get-online-features: %d %s", resp.StatusCode, body)
	}

	id, _ := hex.DecodeString(traceID)
	var spans []receivedSpan
	deadline := time.Now().Add(20 * time.Second)
	for len(spans) < len(want) && time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
		spans = receiver.trace(id)
	}
	describe := func() string {
		var b strings.Builder
		for _, s := range spans {
			fmt.Fprintf(&b, "\n  %s %q span %x parent %x", s.service, s.span.Name, s.span.SpanId, s.span.ParentSpanId)
		}
		return b.String()
	}
	if len(spans) != len(want) {
		t.Fatalf("trace %s has %d spans, want %d:%s", traceID, len(spans), len(want), describe())
	}
	parent, _ := hex.DecodeString(callerSpan)
	for _, w := range want {
		var found *receivedSpan
		for i := range spans {
			if spans[i].service == w.service && spans[i].span.Name == w.name && string(spans[i].span.ParentSpanId) == string(parent) {
				found = &spans[i]
			}
		}
		if found == nil {
			t.Fatalf("no %s span %q whose parent is %x:%s", w.service, w.name, parent, describe())
		}
		parent = found.span.SpanId
	}
	for _, s := range spans {
		for _, a := range s.span.Attributes {
			v := a.GetValue().String()
			if strings.Contains(v, city) || strings.Contains(v, "not-a-real-token") {
				t.Errorf("span %q attribute %s = %s carries a value or the token", s.span.Name, a.Key, v)
			}
		}
	}
	for _, s := range spans {
		if s.span.Name == "store Read" {
			attrs := map[string]string{}
			for _, a := range s.span.Attributes {
				attrs[a.Key] = a.GetValue().String()
			}
			if !strings.Contains(attrs["quiver.views"], "driver_hourly_stats") || !strings.Contains(attrs["quiver.project"], "demo") ||
				!strings.Contains(attrs["quiver.entity_keys"], "1") {
				t.Errorf("the plugin's store span does not name what it read: %v", attrs)
			}
		}
	}
}
