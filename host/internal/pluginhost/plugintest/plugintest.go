// Package plugintest builds the test plugin of package pluginhost
// (testdata/testplugin, an in-memory online store) for tests of the host
// that need a real plugin binary. Call Install from a test; call Cleanup
// from TestMain.
package plugintest

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
)

var (
	once     sync.Once
	buildDir string
	built    string
	buildErr error
)

// GoTool returns the go command that builds test binaries.
func GoTool() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return filepath.Join(runtime.GOROOT(), "bin", "go")
}

// sourceDir returns the directory of the test plugin's source.
func sourceDir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "testdata", "testplugin")
}

// build compiles the test plugin once per test process.
func build() (string, error) {
	once.Do(func() {
		buildDir, buildErr = os.MkdirTemp("", "quiver-plugintest-")
		if buildErr != nil {
			return
		}
		built = filepath.Join(buildDir, "testplugin")
		cmd := exec.Command(GoTool(), "build", "-o", built, ".")
		cmd.Dir = sourceDir()
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("building the test plugin: %v\n%s", err, out)
		}
	})
	return built, buildErr
}

// Install copies the test plugin into dir as quiver-plugin-<name> and
// returns its path.
func Install(t testing.TB, dir, name string) string {
	t.Helper()
	src, err := build()
	if err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(dir, "quiver-plugin-"+name)
	if err := copyFile(src, dst); err != nil {
		t.Fatal(err)
	}
	return dst
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// Cleanup removes the built plugin; call it from TestMain after m.Run.
func Cleanup() {
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
}
