package main

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/quiverfs/quiver/host/internal/pluginhost/plugintest"
)

// TestServeOnTheSocketPathLeavesNoSocket serves from a plugin online store
// with --plugin-data-path socket, checks that the plugin opened its socket,
// interrupts the server and checks that the socket is gone once it exits.
func TestServeOnTheSocketPathLeavesNoSocket(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tmp, err := os.MkdirTemp("", "qs") // the plugins' TMPDIR: short enough for a socket
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "TMPDIR=" + tmp}
	runIn(t, dir, env, "init", "repo")
	repo := filepath.Join(dir, "repo")
	if err := os.MkdirAll(filepath.Join(repo, "plugins"), 0o755); err != nil {
		t.Fatal(err)
	}
	plugintest.Install(t, filepath.Join(repo, "plugins"), "memory")
	cfg := "project: demo\nregistry: data/registry.db\nonline_store:\n  type: memory\noffline_store:\n  type: file\n"
	if err := os.WriteFile(filepath.Join(repo, "quiver.yaml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	runIn(t, repo, env, "plugins", "lock")
	runIn(t, repo, env, "apply")
	serve, addr, _ := startServe(t, repo, env, "--plugin-data-path", "socket", "serve", "--http-addr", "127.0.0.1:0", "--grpc-addr", "127.0.0.1:0")
	resp, err := http.Post("http://"+addr+"/get-online-features", "application/json",
		strings.NewReader(`{"features": ["driver_hourly_stats:conv_rate"], "entities": {"driver_id": [1001]}}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("get-online-features: %d", resp.StatusCode)
	}
	sockets, _ := filepath.Glob(filepath.Join(tmp, "quiver-data-*", "data.sock"))
	if len(sockets) != 1 {
		t.Fatalf("while serving, %d sockets under the plugins' TMPDIR, want 1 (the data path): %v", len(sockets), sockets)
	}
	if err := serve.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- serve.Wait() }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("quiver serve did not exit within 20 s of SIGINT")
	}
	if left, _ := filepath.Glob(filepath.Join(tmp, "quiver-data-*")); len(left) > 0 {
		t.Errorf("the data path's socket directory outlived quiver serve: %v", left)
	}
}
