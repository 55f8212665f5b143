package serving_test

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/quiverfs/quiver/sdk/pluginclient"
)

// TestPluginSIGKILLUnderLoadGivesNoWrongAnswers serves from the Redis
// plugin at 100 requests a second, kills the plugin with SIGKILL, and
// checks that every answer is either right or a 503 JSON error, and that
// the server answers right again soon after the plugin is relaunched. It
// runs with reads on either data path; on the socket path it also checks
// that no socket outlives the plugins.
func TestPluginSIGKILLUnderLoadGivesNoWrongAnswers(t *testing.T) {
	t.Run(pluginclient.DataPathGRPC, func(t *testing.T) { pluginKillUnderLoad(t, pluginclient.DataPathGRPC) })
	t.Run(pluginclient.DataPathSocket, func(t *testing.T) {
		tmp, err := os.MkdirTemp("", "qk")
		if err != nil {
			t.Fatal(err)
		}
		t.Setenv("TMPDIR", tmp) // the plugins' temporary directory, short enough for a socket
		t.Cleanup(func() {
			left, _ := filepath.Glob(filepath.Join(tmp, "quiver-data-*"))
			if len(left) > 0 {
				t.Errorf("socket directories outlived their plugins: %v", left)
			}
			_ = os.RemoveAll(tmp)
		})
		pluginKillUnderLoad(t, pluginclient.DataPathSocket)
	})
}

func pluginKillUnderLoad(t *testing.T, dataPath string) {
	redis := startRedis(t)
	e := redisEnv(t, redis.addr(), dataPath)
	body := []byte(`{"features": ["driver_stats:trips"], "entities": {"driver_id": [1001, 1003]}}`)
	want := `"values":[7,9]`
	client := &http.Client{Timeout: 5 * time.Second}
	ask := func() (int, string) {
		resp, err := client.Post(e.url+"/get-online-features", "application/json", bytes.NewReader(body))
		if err != nil {
			return 0, err.Error()
		}
		defer resp.Body.Close()
		var b bytes.Buffer
		b.ReadFrom(resp.Body)
		return resp.StatusCode, b.String()
	}
	if status, out := ask(); status != 200 || !strings.Contains(out, want) {
		t.Fatalf("before the kill: %d %s", status, out)
	}
	const rate, total = 100, 8 * time.Second
	var right, unavailable, wrong int
	var killedAt, recoveredAt time.Time
	tick := time.NewTicker(time.Second / rate)
	defer tick.Stop()
	start := time.Now()
	for now := range tick.C {
		if now.Sub(start) > total {
			break
		}
		if killedAt.IsZero() && now.Sub(start) > time.Second {
			killPlugin(t, "quiver-plugin-redis")
			killedAt = time.Now()
		}
		status, out := ask()
		switch {
		case status == 200 && strings.Contains(out, want):
			right++
			if !killedAt.IsZero() && recoveredAt.IsZero() && unavailable > 0 {
				recoveredAt = time.Now()
			}
		case status == 503 && strings.Contains(out, `"code":"unavailable"`):
			unavailable++
		default:
			wrong++
			t.Errorf("answer %d: %d %s", right+unavailable+wrong, status, out)
		}
	}
	recovery := recoveredAt.Sub(killedAt)
	t.Logf("plugin SIGKILL at %d req/s: %d right, %d 503, %d wrong; recovery %v", rate, right, unavailable, wrong, recovery)
	if recoveredAt.IsZero() && unavailable > 0 {
		t.Fatalf("the server did not answer right again within %v of the kill", total-time.Second)
	}
	if recovery > 5*time.Second {
		t.Errorf("recovery took %v", recovery)
	}
}

// killPlugin sends SIGKILL to this process's child whose command name
// starts with name (Linux truncates it to 15 bytes).
func killPlugin(t *testing.T, name string) {
	t.Helper()
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, path := range stats {
		b, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...
		s := string(b)
		open, close := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
		if open < 0 || close < 0 {
			continue
		}
		comm, rest := s[open+1:close], strings.Fields(s[close+1:])
		if len(rest) < 2 || !strings.HasPrefix(name, comm) || rest[1] != strconv.Itoa(os.Getpid()) {
			continue
		}
		pid, _ := strconv.Atoi(strings.TrimSpace(s[:open]))
		if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Fatal(fmt.Sprintf("no child process %s", name))
}
