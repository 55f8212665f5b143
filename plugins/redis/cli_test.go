package redis_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/quiverfs/quiver/plugins/redis/internal/redistest"
)

// TestConformanceCLI runs the quiver-conformance command that `make build`
// put in bin/ against the quiver-plugin-redis it put there, as a user would.
func TestConformanceCLI(t *testing.T) {
	bin, err := filepath.Abs("../../bin")
	if err != nil {
		t.Fatal(err)
	}
	cli, plugin := filepath.Join(bin, "quiver-conformance"), filepath.Join(bin, "quiver-plugin-redis")
	for _, p := range []string{cli, plugin} {
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("%s is missing: run `make test` (or `make build` first): %v", p, err)
		}
	}
	cfg := filepath.Join(t.TempDir(), "redis.yaml")
	if err := os.WriteFile(cfg, []byte("address: "+redistest.Addr(t)+"\nread_timeout: 5s\nwrite_timeout: 5s\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(bad, []byte("mode: ring\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(cli, "--plugin", plugin, "--config", cfg, "--bad-config", bad,
		"--project-prefix", "conf_redis_cli_").CombinedOutput()
	if err != nil {
		t.Fatalf("quiver-conformance: %v\n%s", err, out)
	}
	m := regexp.MustCompile(`(?m)^(\d+) passed, (\d+) failed, (\d+) skipped$`).FindStringSubmatch(string(out))
	if m == nil || m[2] != "0" || m[1] == "0" {
		t.Fatalf("summary %v; output:\n%s", m, out)
	}
	for _, want := range []string{"PASS OnlineStore/Read/should return exact values for every type",
		"PASS OnlineStore/WriteBatch/should stay consistent under concurrent readers and writers",
		"PASS OnlineStore/Configure/should reject a bad config with InvalidArgument"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
