package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quiverfs/quiver/host/internal/pluginhost/plugintest"
)

// quiverBin is the quiver binary built once for these tests.
var quiverBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "quiver-cli-test-")
	if err != nil {
		panic(err)
	}
	quiverBin = filepath.Join(dir, "quiver")
	build := exec.Command(plugintest.GoTool(), "build", "-o", quiverBin,
		"-ldflags", "-X github.com/quiverfs/quiver/host/internal/cli.Commit=abc1234", ".")
	if out, err := build.CombinedOutput(); err != nil {
		os.Stderr.Write(out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	plugintest.Cleanup()
	os.Exit(code)
}

type result struct {
	stdout, stderr string
	code           int
}

// quiver runs the built binary with args and a minimal environment.
func quiver(t *testing.T, args ...string) result {
	t.Helper()
	cmd := exec.Command(quiverBin, args...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}
	cmd.Dir = t.TempDir()
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("running quiver %v: %v", args, err)
	}
	r := result{stdout: out.String(), stderr: errOut.String(), code: cmd.ProcessState.ExitCode()}
	if strings.Contains(r.stderr, "goroutine ") || strings.Contains(r.stderr, "panic:") {
		t.Errorf("quiver %v printed a stack trace:\n%s", args, r.stderr)
	}
	return r
}

func TestVersion(t *testing.T) {
	t.Parallel()
	r := quiver(t, "version")
	if r.code != 0 {
		t.Fatalf("quiver version exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{"quiver dev", "commit: abc1234", "plugin protocol version: 1"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("quiver version output %q does not contain %q", r.stdout, want)
		}
	}
}

func TestPluginsListLockVerify(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bin := plugintest.Install(t, dir, "memory")

	r := quiver(t, "plugins", "list", "--plugins-dir", dir)
	if r.code != 0 || strings.Contains(r.stdout, "0.0.1-test") || !strings.Contains(r.stdout, "no_lock_file") ||
		!strings.Contains(r.stderr, "not locked (run `quiver plugins lock` or pass --trust-unlocked") {
		t.Fatalf("plugins list without a lock file: exit %d (want 0, the binary not queried)\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	r = quiver(t, "plugins", "list", "--plugins-dir", dir, "--trust-unlocked")
	if r.code != 0 {
		t.Fatalf("plugins list --trust-unlocked exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{"memory", "quiver-plugin-memory", "0.0.1-test", "online", "no_lock_file"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("plugins list --trust-unlocked output does not contain %q:\n%s", want, r.stdout)
		}
	}

	if r := quiver(t, "--plugins-dir", dir, "plugins", "lock"); r.code != 0 {
		t.Fatalf("plugins lock exit %d: %s", r.code, r.stderr)
	}
	if r := quiver(t, "plugins", "verify", "--plugins-dir", dir); r.code != 0 {
		t.Fatalf("plugins verify after lock exit %d: %s", r.code, r.stderr)
	}

	r = quiver(t, "--plugins-dir", dir, "plugins", "list", "-o", "json")
	var listing struct {
		Plugins []struct {
			Name, Version, Lock string
			Online              bool
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &listing); err != nil || r.code != 0 {
		t.Fatalf("plugins list -o json = exit %d, %v:\n%s\n%s", r.code, err, r.stdout, r.stderr)
	}
	if len(listing.Plugins) != 1 || listing.Plugins[0].Name != "memory" || listing.Plugins[0].Lock != "ok" || !listing.Plugins[0].Online {
		t.Errorf("plugins list -o json = %+v; want memory, online, lock ok", listing.Plugins)
	}

	f, err := os.OpenFile(bin, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("tampered")
	f.Close()
	plugintest.Install(t, dir, "extra") // not in the lock

	r = quiver(t, "plugins", "verify", "--plugins-dir", dir)
	if r.code == 0 {
		t.Fatalf("plugins verify after tampering exit 0; want non-zero\n%s", r.stdout)
	}
	for _, want := range []string{bin, filepath.Join(dir, "quiver-plugin-extra"), "2 problem(s)"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("plugins verify error does not mention %q:\n%s", want, r.stderr)
		}
	}

	r = quiver(t, "plugins", "list", "--plugins-dir", dir)
	if r.code == 0 || !strings.Contains(r.stdout, "mismatch") {
		t.Errorf("plugins list with a tampered binary = exit %d:\n%s\n%s; want non-zero and lock mismatch", r.code, r.stdout, r.stderr)
	}
}

func TestPluginsDirFromEnvAndRepo(t *testing.T) {
	t.Parallel()
	repo := t.TempDir()
	if err := os.Mkdir(filepath.Join(repo, "plugins"), 0o755); err != nil {
		t.Fatal(err)
	}
	plugintest.Install(t, filepath.Join(repo, "plugins"), "memory")
	r := quiver(t, "--repo", repo, "plugins", "lock")
	if r.code != 0 || !strings.Contains(r.stdout, filepath.Join(repo, "plugins", "quiver-plugins.lock")) {
		t.Errorf("plugins lock with --repo = exit %d:\n%s\n%s; want the lock in the repo's plugins dir", r.code, r.stdout, r.stderr)
	}
}

func TestUserErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"get-historical-features"}, "quiver: get-historical-features needs --output OUT"},
		{[]string{"get-historical-features", "--output", "out.txt"}, "quiver: --output: out.txt is neither Parquet"},
		{[]string{"get-historical-features", "--output", "o.csv", "--features", "v:f"}, "quiver: get-historical-features needs --entities FILE"},
		{[]string{"retrieve-documents"}, `quiver: Required flag "feature-view" not set`},
		{[]string{"retrieve-documents", "--feature-view", "docs", "--query-vector", "[1,"}, "quiver: --query-vector: not a JSON array"},
		{[]string{"--repo", "/nonexistent/repo", "plan"}, "quiver: reading /nonexistent/repo/quiver.yaml"},
		{[]string{"--repo", "/nonexistent/repo", "serve"}, "quiver: reading /nonexistent/repo/quiver.yaml"},
		{[]string{"no-such-command"}, `quiver: unknown command "no-such-command"`},
		{[]string{"--no-such-flag", "version"}, "quiver: flag provided but not defined"},
		{[]string{"plugins", "verify", "--plugins-dir", "/nonexistent/plugins"}, "quiver: plugins directory /nonexistent/plugins does not exist"},
		{[]string{"--log-level", "loud", "plugins", "list", "--plugins-dir", "."}, "quiver: invalid --log-level"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			t.Parallel()
			r := quiver(t, tt.args...)
			if r.code == 0 {
				t.Errorf("exit code 0; want non-zero")
			}
			if !strings.HasPrefix(r.stderr, tt.want) {
				t.Errorf("stderr = %q; want it to start with %q", r.stderr, tt.want)
			}
		})
	}
}

func TestServeHelpListsEveryEndpoint(t *testing.T) {
	t.Parallel()
	r := quiver(t, "serve", "--help")
	for _, want := range []string{"/get-online-features", "/retrieve-online-documents", "/get-historical-features", "/push",
		"/write-to-online-store", "/materialize-incremental", "/health", "/metrics"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("quiver serve --help does not mention %s:\n%s", want, r.stdout)
		}
	}
}
