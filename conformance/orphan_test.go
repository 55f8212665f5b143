package conformance_test

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestAPluginExitsWhenItsHostIsKilled launches the memory plugin from a
// shell standing in for the host, kills the shell with SIGKILL, and
// expects the orphaned plugin to exit by itself.
func TestAPluginExitsWhenItsHostIsKilled(t *testing.T) {
	plugin := filepath.Join(binaries(t), "quiver-plugin-memory")
	host := exec.Command("sh", "-c", `"$0" & echo $!; wait`, plugin)
	host.Env = append(os.Environ(), "QUIVER_PLUGIN_MAGIC_COOKIE=7d3f1c52b0e94a8e9f2a6c41d5e8b7a3quiver")
	out, err := host.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := host.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(out)
	var pid int
	if lines.Scan() {
		pid, _ = strconv.Atoi(strings.TrimSpace(lines.Text()))
	}
	if pid == 0 {
		t.Fatal("the shell printed no plugin pid")
	}
	for lines.Scan() { // the go-plugin handshake line: the plugin serves
		if strings.Count(lines.Text(), "|") >= 4 {
			break
		}
	}
	defer syscall.Kill(pid, syscall.SIGKILL)
	if err := host.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	host.Wait()
	killed := time.Now()
	for time.Since(killed) < 10*time.Second {
		if syscall.Kill(pid, 0) != nil {
			t.Logf("the plugin exited %v after its host was killed", time.Since(killed).Round(time.Millisecond))
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("the plugin (pid %d) still runs 10s after its host was killed", pid)
}
