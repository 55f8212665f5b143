package pluginscaffold

import (
	"bytes"
	"encoding/json"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestGeneratedPluginPassesConformance writes a plugin, points its sdk and
// conformance requirements at this repository with replace directives,
// and runs go vet and go test on it outside the workspace, with no module
// proxy: the generated conformance test must build the plugin and the
// quiver-conformance command and pass in every mode.
func TestGeneratedPluginPassesConformance(t *testing.T) {
	repo, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "quiver-plugin-kv")
	if _, err := Write(Options{Name: "kv", Dir: dir}); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "GOWORK=off", "GOPROXY=off", "GOSUMDB=off", "GOTOOLCHAIN=local",
		"GOFLAGS=-mod=mod "+os.Getenv("GOFLAGS"))
	run := func(args ...string) (string, error) {
		cmd := exec.Command("go", args...)
		cmd.Dir, cmd.Env = dir, env
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		return out.String(), err
	}
	goCmd := func(args ...string) {
		t.Helper()
		if out, err := run(args...); err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	goCmd("mod", "edit", "-replace", SDKModule+"="+filepath.Join(repo, "sdk"),
		"-replace", ConformanceModule+"="+filepath.Join(repo, "conformance"))
	// The checksums of every dependency, from the modules replaced: the
	// module cache holds the modules, and nothing is fetched.
	var sums []byte
	for _, m := range []string{"sdk", "conformance"} {
		sums = append(sums, []byte(read(t, filepath.Join(repo, m, "go.sum")))...)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.sum"), sums, 0o644); err != nil {
		t.Fatal(err)
	}
	goCmd("mod", "tidy")
	goCmd("vet", "./...")
	out, err := run("test", "-count=1", "-json", "./...")
	results := testEvents(t, out)
	if err != nil {
		t.Errorf("go test of the generated plugin: %v", err)
	}
	for _, mode := range []string{"Direct", "InProcess", "Binary", "CLI"} {
		if r := results["TestConformance/"+mode]; r.action != "pass" {
			t.Errorf("mode %s: %s\n%s", mode, r.action, r.output)
		}
	}
	// Everything passes but what the store does not advertise (vector
	// search, key TTL, an offline store), the cases of a dead backend (an
	// in-memory store has none to lose) and the offline name case (the
	// online one checks the name).
	allowed := []string{"plugin does not advertise vector search", "plugin does not advertise key TTL",
		"plugin serves no offline store", "Config.UnreachableConfig is empty", "the plugin serves an online store"}
	skips := 0
	for _, name := range slices.Sorted(maps.Keys(results)) {
		r := results[name]
		switch r.action {
		case "pass":
		case "skip":
			skips++
			if !slices.ContainsFunc(allowed, func(a string) bool { return strings.Contains(r.output, a) }) {
				t.Errorf("%s skipped for another reason than %q:\n%s", name, allowed, r.output)
			}
		default:
			t.Errorf("%s: %s\n%s", name, r.action, r.output)
		}
	}
	if t.Failed() {
		return
	}
	if skips == 0 || len(results) < 100 {
		t.Errorf("%d results, %d skipped: want the whole suite, with the vector cases skipped", len(results), skips)
	}
}

// testResult is how one test ended and what it printed.
type testResult struct {
	action string // pass, fail or skip
	output string
}

// testEvents reads the output of go test -json into one result per test.
func testEvents(t *testing.T, out string) map[string]testResult {
	t.Helper()
	results := map[string]testResult{}
	dec := json.NewDecoder(strings.NewReader(out))
	for dec.More() {
		var e struct{ Action, Test, Output string }
		if err := dec.Decode(&e); err != nil {
			t.Fatalf("go test -json printed what is not JSON (%v):\n%s", err, out)
		}
		if e.Test == "" {
			continue
		}
		r := results[e.Test]
		switch e.Action {
		case "output":
			r.output += e.Output
		case "pass", "fail", "skip":
			r.action = e.Action
		}
		results[e.Test] = r
	}
	return results
}
