package main

import (
	"bufio"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
)

// runIn runs the built quiver with args in wd, with env as its whole
// environment, and fails t unless it exits 0.
func runIn(t *testing.T, wd string, env []string, args ...string) {
	t.Helper()
	cmd := exec.Command(quiverBin, args...)
	cmd.Dir, cmd.Env = wd, env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("quiver %v: %v\n%s", args, err, out)
	}
}

// demoRepo makes `quiver init repo` in a fresh folder and returns the
// folder, the repository and the minimal environment the commands run with.
func demoRepo(t *testing.T) (dir, repo string, env []string) {
	t.Helper()
	dir = t.TempDir()
	env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir}
	runIn(t, dir, env, "init", "repo")
	return dir, filepath.Join(dir, "repo"), env
}

// startServe starts the built quiver with args (which end in `serve ...`
// with addresses on port 0) in repo and returns the process, the HTTP
// address it printed (host:port) and the rest of its stdout. The process is
// killed when the test ends.
func startServe(t *testing.T, repo string, env []string, args ...string) (*exec.Cmd, string, io.Reader) {
	t.Helper()
	serve := exec.Command(quiverBin, args...)
	serve.Dir, serve.Env = repo, env
	stdout, err := serve.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := serve.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = serve.Process.Kill() })
	lines := bufio.NewReader(stdout)
	first, err := lines.ReadString('\n')
	if err != nil {
		t.Fatalf("quiver serve printed no line: %v", err)
	}
	m := regexp.MustCompile(`HTTP on http://(\S+),`).FindStringSubmatch(first)
	if m == nil {
		t.Fatalf("no address in %q", first)
	}
	return serve, m[1], lines
}
