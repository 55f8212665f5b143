package plugintest

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// CLIPackage is the package of the quiver-conformance command, built from
// the conformance module the plugin's module requires.
const CLIPackage = "github.com/quiverfs/quiver/conformance/cmd/quiver-conformance"

// builder builds the plugin binary and the CLI once, on first use.
type builder struct {
	dir    string // where the binaries go
	cmd    string // the plugin's main package
	binary string // the plugin binary's file name
	once   sync.Once
	bins   binaries
	err    string
}

// binaries are the paths of the built programs.
type binaries struct {
	plugin string // quiver-plugin-<name>
	cli    string // quiver-conformance
}

// build returns the binaries, building them on the first call; it fails t
// when they cannot be built, then and on every later call.
func (b *builder) build(t *testing.T) binaries {
	t.Helper()
	b.once.Do(func() {
		b.bins = binaries{plugin: filepath.Join(b.dir, b.binary), cli: filepath.Join(b.dir, "quiver-conformance")}
		if msg := goBuild(b.bins.plugin, b.cmd); msg != "" {
			b.err = msg
			return
		}
		b.err = goBuild(b.bins.cli, CLIPackage)
	})
	if b.err != "" {
		t.Fatal(b.err)
	}
	return b.bins
}

// goBuild runs `go build -o out pkg` in the test's folder, with the test's
// environment (GOFLAGS, GOWORK, ...), and returns what failed, or "".
func goBuild(out, pkg string) string {
	cmd := exec.Command("go", "build", "-o", out, pkg)
	var output bytes.Buffer
	cmd.Stdout, cmd.Stderr = &output, &output
	if err := cmd.Run(); err != nil {
		return "go build -o " + out + " " + pkg + ": " + err.Error() + "\n" + output.String()
	}
	return ""
}
