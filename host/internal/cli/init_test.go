package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quiverfs/quiver/host/internal/config"
	"github.com/quiverfs/quiver/host/internal/definitions"
)

// runInitCLI runs `quiver init args...` in process and returns the exit
// code, stdout and stderr.
func runInitCLI(args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := RunContext(context.Background(), append([]string{"quiver", "init"}, args...), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestInitCommandCreatesARepository(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "driver-demo")
	code, out, errOut := runInitCLI(dir)
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	for _, want := range []string{`Created feature repository "driver_demo"`, "data/driver_stats.parquet   1,008,000 rows: drivers 1001-3000",
		"features.yaml", "quiver apply", "quiver materialize-incremental 20"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	cfg, err := config.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := definitions.Load(dir, cfg.Project); err != nil || cfg.Project != "driver_demo" {
		t.Errorf("project %q, definitions: %v", cfg.Project, err)
	}
}

func TestInitCommandTakesAProjectName(t *testing.T) {
	t.Parallel()
	dir := t.TempDir() // empty folders are fine
	if code, out, errOut := runInitCLI("--project", "rides", dir); code != 0 || !strings.Contains(out, `"rides"`) {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	if cfg, err := config.Load(dir); err != nil || cfg.Project != "rides" {
		t.Errorf("config = %+v, %v", cfg, err)
	}
}

func TestInitCommandRefusesBadInput(t *testing.T) {
	t.Parallel()
	full := t.TempDir()
	if err := os.WriteFile(filepath.Join(full, "quiver.yaml"), []byte("project: mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{full}, "is not empty"},
		{nil, "needs exactly one DIR"},
		{[]string{"--project", "no-dashes", filepath.Join(t.TempDir(), "x")}, "may hold only letters, digits and underscores"},
		{[]string{"--project", strings.Repeat("p", 256), filepath.Join(t.TempDir(), "x")}, "(256 characters) is too long"},
	} {
		code, out, errOut := runInitCLI(tc.args...)
		if code == 0 || !strings.Contains(errOut, tc.want) {
			t.Errorf("init %v: exit %d, stderr %q, stdout %q; want an error with %q", tc.args, code, errOut, out, tc.want)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(full, "quiver.yaml")); string(b) != "project: mine\n" {
		t.Errorf("quiver.yaml was changed: %q", b)
	}
}
