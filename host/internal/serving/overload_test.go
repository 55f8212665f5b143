package serving_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"

	servingv1 "github.com/quiverfs/quiver/host/internal/gen/quiver/serving/v1"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
)

// stall opens a connection that sends a request's headers and the start
// of its body, then nothing more.
func stall(t *testing.T, url string, headersOnly bool) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", strings.TrimPrefix(url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	req := "POST /push HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n"
	if headersOnly {
		req = req[:30] // mid-headers
	} else {
		req += "\r\n{\"push_source_name\": "
	}
	if _, err := io.WriteString(c, req); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestStalledClientsAreCutOffAfterTheReadTimeouts(t *testing.T) {
	t.Parallel()
	e := newEnvConfig(t, nil, "  read_header_timeout: 1s\n  read_timeout: 2s\n")
	conns := make([]net.Conn, 50)
	for i := range conns {
		conns[i] = stall(t, e.url, i%2 == 0)
	}
	start := time.Now()
	var wg sync.WaitGroup
	closedAfter := make([]time.Duration, len(conns))
	for i, c := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer c.Close()
			c.SetReadDeadline(time.Now().Add(10 * time.Second))
			_, err := io.Copy(io.Discard, c) // returns when the server closes
			closedAfter[i] = time.Since(start)
			if err != nil {
				closedAfter[i] = -1 // our deadline hit: the server kept it open
			}
		}()
	}
	wg.Wait()
	for i, d := range closedAfter {
		if d < 0 || d > 5*time.Second {
			t.Errorf("stalled connection %d (headers only: %v) was still open after %v", i, i%2 == 0, d)
		}
	}
}

func TestRequestsPastMaxInFlightGet503WithRetryAfter(t *testing.T) {
	t.Parallel()
	e := newEnvConfig(t, nil, "  max_in_flight_requests: 2\n  read_timeout: 30s\n")
	held := []net.Conn{stall(t, e.url, false), stall(t, e.url, false)}
	time.Sleep(300 * time.Millisecond) // both handlers are now waiting for their bodies
	status, body := e.post(t, "/get-online-features", `{"features": ["driver_stats:trips"], "entities": {"driver_id": [1001]}}`)
	errObj, _ := body["error"].(map[string]any)
	if status != 503 || errObj["code"] != "overloaded" {
		t.Errorf("third request = %d %v, want 503 overloaded", status, body)
	}
	if status, _ := e.get(t, "/health"); status != 200 {
		t.Errorf("GET /health while saturated = %d, want 200", status)
	}
	for _, c := range held {
		c.Close()
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		status, body = e.post(t, "/get-online-features", `{"features": ["driver_stats:trips"], "entities": {"driver_id": [1001]}}`)
		if status == 200 || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if status != 200 {
		t.Fatalf("after the stalled clients left: %d %v", status, body)
	}
}

func TestGRPCCallsPastMaxInFlightFailUnavailable(t *testing.T) {
	t.Parallel()
	entered, release := make(chan struct{}, 1), make(chan struct{})
	block := func(s onlinestore.Store) onlinestore.Store {
		return failingStore{Store: s, read: func() (*onlinestore.ReadResponse, error) {
			entered <- struct{}{}
			<-release
			return nil, storeerr.Unavailable("released")
		}}
	}
	e := newEnvConfig(t, block, "  max_in_flight_requests: 1\n")
	req := &servingv1.GetOnlineFeaturesRequest{Features: []string{"driver_stats:trips"}, Entities: []*servingv1.Column{
		{Name: "driver_id", Values: []*servingv1.Value{{Kind: &servingv1.Value_Int64Value{Int64Value: 1001}}}}}}
	first := make(chan error, 1)
	go func() {
		_, err := e.grpc.GetOnlineFeatures(context.Background(), req)
		first <- err
	}()
	<-entered
	// A second connection: on the first one, HTTP/2's stream limit (also
	// max_in_flight_requests) makes the client wait instead.
	conn, err := grpc.NewClient(e.grpcAddr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_, err = servingv1.NewFeatureServerClient(conn).GetOnlineFeatures(context.Background(), req)
	if status.Code(err) != codes.Unavailable || !strings.Contains(err.Error(), "overloaded") {
		t.Errorf("second call while one is in flight: %v, want Unavailable overloaded", err)
	}
	close(release)
	<-first
}

func TestAClientThatGoesAwayIsCountedAsCancelledNotAsAStoreFailure(t *testing.T) {
	t.Parallel()
	entered := make(chan struct{}, 1)
	slow := func(s onlinestore.Store) onlinestore.Store {
		return ctxStore{Store: s, read: func(ctx context.Context) (*onlinestore.ReadResponse, error) {
			entered <- struct{}{}
			<-ctx.Done()
			return nil, storeerr.Unavailable("plugin call ended: %v", ctx.Err())
		}}
	}
	e := newEnv(t, slow)
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, e.url+"/get-online-features",
		strings.NewReader(`{"features": ["driver_stats:trips"], "entities": {"driver_id": [1001]}}`))
	req.Header.Set("Content-Type", "application/json")
	done := make(chan struct{})
	go func() {
		defer close(done)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
		}
	}()
	<-entered
	cancel()
	<-done
	deadline := time.Now().Add(5 * time.Second)
	var body []byte
	for time.Now().Before(deadline) {
		_, body = e.get(t, "/metrics")
		if strings.Contains(string(body), `code="499",endpoint="get-online-features"} 1`) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.Contains(string(body), `code="499",endpoint="get-online-features"} 1`) {
		t.Errorf("the cancelled request is not counted as 499:\n%s", grepLines(string(body), "quiver_requests_total"))
	}
	if strings.Contains(string(body), `quiver_store_call_errors_total{kind="online",method="Read"`) {
		t.Errorf("the cancelled read is counted as a store error:\n%s", grepLines(string(body), "quiver_store_call_errors"))
	}
}

// ctxStore is the real store with a Read that sees its context.
type ctxStore struct {
	onlinestore.Store
	read func(ctx context.Context) (*onlinestore.ReadResponse, error)
}

func (s ctxStore) Read(ctx context.Context, _ *onlinestore.ReadRequest) (*onlinestore.ReadResponse, error) {
	return s.read(ctx)
}

func TestHTTPAndGRPCShareOneInFlightCap(t *testing.T) {
	t.Parallel()
	e := newEnvConfig(t, nil, "  max_in_flight_requests: 1\n  read_timeout: 30s\n")
	held := stall(t, e.url, false) // an HTTP request waiting for its body
	defer held.Close()
	time.Sleep(300 * time.Millisecond)
	req := &servingv1.GetOnlineFeaturesRequest{Features: []string{"driver_stats:trips"}, Entities: []*servingv1.Column{
		{Name: "driver_id", Values: []*servingv1.Value{{Kind: &servingv1.Value_Int64Value{Int64Value: 1001}}}}}}
	_, err := e.grpc.GetOnlineFeatures(context.Background(), req)
	if status.Code(err) != codes.Unavailable || !strings.Contains(err.Error(), "overloaded") {
		t.Errorf("a gRPC call while the one slot holds an HTTP request: %v, want Unavailable overloaded", err)
	}
}
