package bench

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"time"
)

// NoopServer answers every request on addr with body (the HTTP floor's
// server, run by `quiver-bench noop-server` in its own process, as `quiver
// serve` runs in its own): it reads the request whole and writes body, and
// does nothing else.
func NoopServer(addr string, body []byte) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	length := strconv.Itoa(len(body))
	srv := &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", length)
		_, _ = w.Write(body)
	})}
	return srv.Serve(ln)
}

// HTTPFloor measures the HTTP floor of a served endpoint: the same load
// shapes (1 x N open loop at each rate, 1 x N closed loop from the same
// clients) through the same client, against NoopServer replaying one real
// 1 x N answer of the endpoint. The floor server runs as bench (a
// quiver-bench binary) in its own process.
func HTTPFloor(ctx context.Context, bench string, load *HTTPLoad) ([]Summary, error) {
	answer, err := load.answer(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading one answer to replay: %w", err)
	}
	f, err := os.CreateTemp("", "quiver-bench-answer-*.json")
	if err != nil {
		return nil, err
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(answer); err != nil {
		f.Close()
		return nil, err
	}
	f.Close()
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bench, "noop-server", "--addr", addr, "--body", f.Name())
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	if err := waitHTTP("http://" + addr + "/"); err != nil {
		return nil, err
	}
	floor := *load
	floor.URL = "http://" + addr + "/"
	floor.singleOnly = true
	rows, err := floor.Measure(ctx)
	if err != nil {
		return nil, err
	}
	for i := range rows {
		rows[i].Name = fmt.Sprintf("floor: HTTP no-op replaying a %d-byte answer, %s", len(answer), rows[i].Name)
	}
	return rows, nil
}

// answer is the body of one 1 x N request.
func (l *HTTPLoad) answer(ctx context.Context) ([]byte, error) {
	l.defaults()
	var body []byte
	err := l.ask(ctx, http.DefaultClient, 1, func(b []byte) { body = bytes.Clone(b) })
	return body, err
}

// waitHTTP waits until url answers anything.
func waitHTTP(url string) error {
	for range 200 {
		if resp, err := http.Get(url); err == nil {
			resp.Body.Close()
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("nothing answered on %s", url)
}
