package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPluginsNewWritesAPluginModule(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	target := filepath.Join(dir, "kv")
	out := ok(t, dir, "plugins", "new", "kv", "--dir", target, "--module", "example.org/kv", "--quiver-version", "v1.2.3")
	for _, want := range []string{"Created plugin kv in " + target + " (module example.org/kv, sdk and conformance v1.2.3):",
		"  kvstore/store.go\n", "  cmd/quiver-plugin-kv/main.go\n", "  conformance_test.go\n", "go mod tidy\n", "go test ./...\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "development build") {
		t.Errorf("a given --quiver-version still printed the development-build hint:\n%s", out)
	}
	gomod, err := os.ReadFile(filepath.Join(target, "go.mod"))
	if err != nil || !strings.Contains(string(gomod), "module example.org/kv\n") || !strings.Contains(string(gomod), "github.com/quiverfs/quiver/sdk v1.2.3") {
		t.Errorf("go.mod (%v):\n%s", err, gomod)
	}
}

// TestPluginsNewOfADevelopmentBuild: this test binary is one, so go.mod
// requires v0.0.0 and the output says how to replace it.
func TestPluginsNewOfADevelopmentBuild(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out := ok(t, dir, "plugins", "new", "--dir", filepath.Join(dir, "p"), "kv")
	if !strings.Contains(out, "sdk and conformance v0.0.0") || !strings.Contains(out, "development build") ||
		!strings.Contains(out, "go mod edit -replace github.com/quiverfs/quiver/sdk=/path/to/quiver/sdk") {
		t.Errorf("output lacks v0.0.0 and the replace hint:\n%s", out)
	}
}

func TestPluginsNewRefuses(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	full := filepath.Join(dir, "full")
	if err := os.MkdirAll(full, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(full, "main.go"), []byte("package main\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"plugins", "new"}, "needs exactly one NAME argument, got 0"},
		{[]string{"plugins", "new", "a", "b"}, "needs exactly one NAME argument, got 2"},
		{[]string{"plugins", "new", "My-Store", "--dir", filepath.Join(dir, "x")}, `plugin name "My-Store": want a lower-case letter`},
		{[]string{"plugins", "new", "sqlite", "--dir", filepath.Join(dir, "x")}, "built into quiver"},
		{[]string{"plugins", "new", "kv", "--dir", full}, "folder exists and is not empty"},
		{[]string{"plugins", "new", "kv", "--dir", filepath.Join(dir, "y"), "--quiver-version", "1.2"}, "want a module version"},
	} {
		r := quiver(t, dir, tc.args...)
		if r.code != 1 || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("quiver %s: exit %d, stderr %q; want exit 1 and %q", strings.Join(tc.args, " "), r.code, r.stderr, tc.want)
		}
	}
	if entries, _ := os.ReadDir(full); len(entries) != 1 {
		t.Errorf("the non-empty folder was changed: %d entries", len(entries))
	}
	for _, d := range []string{"x", "y"} {
		if _, err := os.Stat(filepath.Join(dir, d)); !os.IsNotExist(err) {
			t.Errorf("a refused plugin left %s behind", d)
		}
	}
}
