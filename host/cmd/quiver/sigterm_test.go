package main

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestServeFinishesInFlightRequestsOnSIGTERM starts `quiver serve`, begins
// a request, sends SIGTERM, and checks that the server stops taking new
// connections, still answers the request in flight, and exits 0.
func TestServeFinishesInFlightRequestsOnSIGTERM(t *testing.T) {
	t.Parallel()
	_, repo, env := demoRepo(t)
	runIn(t, repo, env, "apply")
	serve, addr, stdout := startServe(t, repo, env, "serve", "--http-addr", "127.0.0.1:0", "--grpc-addr", "127.0.0.1:0")
	body := `{"features": ["driver_hourly_stats:conv_rate"], "entities": {"driver_id": [1001]}}`
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	head := "POST /get-online-features HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " +
		strconv.Itoa(len(body)) + "\r\n\r\n"
	io.WriteString(conn, head+body[:10])
	time.Sleep(200 * time.Millisecond) // the handler is reading the body
	signaled := time.Now()
	if err := serve.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		c.Close()
		t.Errorf("a new connection was accepted after SIGTERM")
	}
	io.WriteString(conn, body[10:])
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("the request in flight at SIGTERM got no answer: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("the request in flight at SIGTERM answered %d", resp.StatusCode)
	}
	done := make(chan error, 1)
	go func() {
		rest, _ := io.ReadAll(stdout)
		if !strings.Contains(string(rest), "feature server stopped") {
			t.Errorf("quiver serve did not say it stopped: %q", rest)
		}
		done <- serve.Wait()
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("quiver serve exited with %v after SIGTERM", err)
		}
		t.Logf("quiver serve exited %v after SIGTERM", time.Since(signaled).Round(time.Millisecond))
	case <-time.After(15 * time.Second):
		t.Fatal("quiver serve did not exit within 15s of SIGTERM")
	}
}
