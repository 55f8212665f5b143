package serving_test

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/quiverfs/quiver/conformance/memstore"
	"github.com/quiverfs/quiver/host/internal/featurestore"
	"github.com/quiverfs/quiver/host/internal/pluginhost"
	"github.com/quiverfs/quiver/host/internal/pluginhost/plugintest"
	"github.com/quiverfs/quiver/host/internal/serving"
	"github.com/quiverfs/quiver/host/internal/stores"
	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/pluginclient"
)

// redisServer is a redis-server of the test's own, so that it can stop it.
type redisServer struct {
	t    *testing.T
	port int
	dir  string
	cmd  *exec.Cmd
}

func startRedis(t *testing.T) *redisServer {
	t.Helper()
	if _, err := exec.LookPath("redis-server"); err != nil {
		t.Fatal("redis-server is not on PATH: run `make test`, which installs it (scripts/backends/redis.sh)")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &redisServer{t: t, port: l.Addr().(*net.TCPAddr).Port, dir: t.TempDir()}
	l.Close()
	s.start()
	t.Cleanup(s.stop)
	return s
}

func (s *redisServer) addr() string { return "127.0.0.1:" + strconv.Itoa(s.port) }

func (s *redisServer) start() {
	s.cmd = exec.Command("redis-server", "--port", strconv.Itoa(s.port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--dir", s.dir)
	if err := s.cmd.Start(); err != nil {
		s.t.Fatal(err)
	}
	for range 100 {
		if c, err := net.Dial("tcp", s.addr()); err == nil {
			c.Close()
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.t.Fatalf("redis-server on %s did not start", s.addr())
}

func (s *redisServer) stop() {
	if s.cmd != nil {
		_ = s.cmd.Process.Kill()
		_ = s.cmd.Wait()
		s.cmd = nil
	}
}

// redisEnv serves the seeded repository from the Redis plugin binary,
// launched and supervised by the plugin host as `quiver serve` does, with
// online reads on dataPath (pluginclient.DataPathGRPC or DataPathSocket).
func redisEnv(t *testing.T, redisAddr, dataPath string) *env {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	plugins := filepath.Join(dir, "plugins")
	build := exec.Command(plugintest.GoTool(), "build", "-o", filepath.Join(plugins, "quiver-plugin-redis"),
		"github.com/quiverfs/quiver/plugins/redis/cmd/quiver-plugin-redis")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building quiver-plugin-redis: %v\n%s", err, out)
	}
	bins, err := pluginhost.Discover(plugins)
	if err != nil {
		t.Fatal(err)
	}
	lock, err := pluginhost.NewLock(bins)
	if err != nil {
		t.Fatal(err)
	}
	mgr := pluginhost.NewManager(&pluginhost.Launcher{Dir: plugins, Lock: lock, DataPath: dataPath}, pluginhost.SupervisorConfig{})
	t.Cleanup(mgr.Close)
	yaml := fmt.Sprintf("project: demo\nonline_store:\n  type: redis\n  address: %s\n  dial_timeout: 300ms\n  read_timeout: 300ms\n"+
		"offline_store:\n  type: memory\n", redisAddr)
	if err := os.WriteFile(filepath.Join(dir, "quiver.yaml"), []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	e := &env{offline: memstore.NewOffline()}
	opener := &stores.Opener{
		Embedded: stores.Embedded{Offline: map[string]func() offlinestore.Store{"memory": func() offlinestore.Store { return e.offline }}},
		Plugins:  func(context.Context) (*pluginhost.Manager, error) { return mgr, nil },
	}
	if e.fs, err = featurestore.Open(ctx, featurestore.Options{RepoDir: dir, Opener: opener}); err != nil {
		t.Fatal(err)
	}
	if e.online, err = e.fs.Online(ctx); err != nil {
		t.Fatal(err)
	}
	e.seed(t)
	srv, err := serving.New(ctx, serving.Options{FS: e.fs, RefreshInterval: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	hl, _ := net.Listen("tcp", "127.0.0.1:0")
	gl, _ := net.Listen("tcp", "127.0.0.1:0")
	sctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(sctx, hl, gl) }()
	e.url = "http://" + hl.Addr().String()
	t.Cleanup(func() {
		cancel()
		<-done
		e.fs.Close()
	})
	return e
}

// TestRedisPluginDownAnswers503AndRecovers serves from the Redis plugin,
// stops Redis (503 with a JSON body naming the store, quickly), starts it
// again, and expects the next request to succeed with no restart.
func TestRedisPluginDownAnswers503AndRecovers(t *testing.T) {
	redis := startRedis(t)
	e := redisEnv(t, redis.addr(), pluginclient.DataPathGRPC)
	body := `{"features": ["driver_stats:trips", "driver_stats:note"], "entities": {"driver_id": [1001, 4242]}}`
	status, resp := e.post(t, "/get-online-features", body)
	if status != 200 || !strings.Contains(fmt.Sprint(resp), "PRESENT") {
		t.Fatalf("with Redis up: %d %v", status, resp)
	}
	redis.stop()
	start := time.Now()
	status, resp = e.post(t, "/get-online-features", body)
	took := time.Since(start)
	errObj, _ := resp["error"].(map[string]any)
	msg, _ := errObj["message"].(string)
	if status != 503 || errObj["code"] != "unavailable" || !strings.Contains(msg, "redis online store") || !strings.Contains(msg, redis.addr()) {
		t.Errorf("with Redis down: %d %v; want 503 unavailable naming the redis online store at %s", status, resp, redis.addr())
	}
	if took > 2*time.Second {
		t.Errorf("with Redis down the answer took %s", took)
	}
	t.Logf("with Redis down: 503 after %v", took.Round(time.Millisecond))
	redis.start()
	status, resp = e.post(t, "/get-online-features", body)
	if status != 200 {
		t.Fatalf("first request after Redis came back: %d %v", status, resp)
	}
}
