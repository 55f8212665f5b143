package conformance_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// bin holds the binaries the tests build once, into one temporary folder.
var bin struct {
	once sync.Once
	dir  string
	err  error
}

// binaries builds the memory plugin, the no-vector test plugin and the
// CLI, once per test binary, and returns their folder.
func binaries(t *testing.T) string {
	t.Helper()
	bin.once.Do(func() {
		dir, err := os.MkdirTemp("", "quiver-conformance-test-")
		if err != nil {
			bin.err = err
			return
		}
		bin.dir = dir
		cmd := exec.Command("go", "build", "-o", dir+string(filepath.Separator),
			"./cmd/quiver-plugin-memory", "./cmd/quiver-conformance", "./internal/testdata/novector")
		if out, err := cmd.CombinedOutput(); err != nil {
			bin.err = &buildError{out: string(out), err: err}
		}
	})
	if bin.err != nil {
		t.Fatalf("building the test binaries: %v", bin.err)
	}
	return bin.dir
}

type buildError struct {
	out string
	err error
}

func (e *buildError) Error() string { return e.err.Error() + "\n" + e.out }

func TestMain(m *testing.M) {
	code := m.Run()
	if bin.dir != "" {
		_ = os.RemoveAll(bin.dir)
	}
	os.Exit(code)
}
