package conformance_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/quiverfs/quiver/conformance"
	"github.com/quiverfs/quiver/conformance/internal/remotestore"
)

// remoteBin builds the remote test plugin (internal/testdata/quiver-plugin-remote) once,
// beside the other test binaries.
var remoteBin struct {
	once sync.Once
	err  string
}

func remotePlugin(t *testing.T) string {
	t.Helper()
	dir := binaries(t)
	remoteBin.once.Do(func() {
		out, err := exec.Command("go", "build", "-o", dir+string(filepath.Separator), "./internal/testdata/quiver-plugin-remote").CombinedOutput()
		if err != nil {
			remoteBin.err = err.Error() + "\n" + string(out)
		}
	})
	if remoteBin.err != "" {
		t.Fatalf("building the remote test plugin: %s", remoteBin.err)
	}
	return filepath.Join(dir, "quiver-plugin-remote")
}

// remoteArgs are the flags of a run against the remote plugin: its backend
// up, a bad config, and an unreachable config.
func remoteArgs(t *testing.T, extra ...string) []string {
	t.Helper()
	t.Setenv("QC_TEST_BACKEND", remotestore.UpBackend(t))
	return append([]string{"--plugin", remotePlugin(t),
		"--config", writeFile(t, "config.yaml", "address: ${QC_TEST_BACKEND}\n"),
		"--bad-config", writeFile(t, "bad.json", `{"no_such_key": 1}`),
		"--unreachable-config", writeFile(t, "down.json", `{"address": "`+remotestore.DownBackend(t)+`"}`),
		"--unreachable-timeout", "3s"}, extra...)
}

// The cases the remote plugin runs besides the memory plugin's.
var remoteCases = []string{
	"OnlineStore/Health/should report not serving when the backend is unreachable",
	"OnlineStore/Read/should fail with Unavailable when the backend is unreachable",
	"OnlineStore/WriteBatch/should fail with Unavailable when the backend is unreachable",
	"OfflineStore/PullRange/should fail with Unavailable when the backend is unreachable",
	"OfflineStore/WriteBatch/should fail with Unavailable when the backend is unreachable",
	"OnlineStore/Configure/should keep the stored data when it rejects a bad config",
	"OfflineStore/Configure/should keep the stored data when it rejects a bad config",
}

// TestCLIUnreachableAndBadConfigCases runs the dead-backend and
// rejected-config cases through the CLI against a plugin process that
// holds the data: the correct plugin passes them, and each fault fails its
// cases with exit code 1.
func TestCLIUnreachableAndBadConfigCases(t *testing.T) {
	run := "unreachable|rejects a bad config"
	out, code := runCLI(t, remoteArgs(t, "--run", run)...)
	if code != 0 {
		t.Fatalf("exit code %d, want 0; output:\n%s", code, out)
	}
	for _, name := range remoteCases {
		if !strings.Contains(out, "PASS "+name+" (") {
			t.Errorf("output lacks PASS %s:\n%s", name, out)
		}
	}
	for _, tc := range []struct {
		fault string
		fail  []string
	}{
		{"health-always-serving", remoteCases[:1]},
		{"serve-while-down", remoteCases[1:5]},
		{"clear-on-bad-config", remoteCases[5:]},
	} {
		out, code := runCLI(t, remoteArgs(t, "--run", run, "--env", "QUIVER_REMOTESTORE_FAULTS="+tc.fault)...)
		if code != 1 {
			t.Errorf("%s: exit code %d, want 1; output:\n%s", tc.fault, code, out)
		}
		for _, name := range tc.fail {
			if !strings.Contains(out, "FAIL "+name+": ") {
				t.Errorf("%s: output lacks FAIL %s:\n%s", tc.fault, name, out)
			}
		}
	}
}

// TestCLISummaryNamesSkipReasons: a plugin given no bad config gets both
// Configure cases skipped, and the summary says why and what to give.
func TestCLISummaryNamesSkipReasons(t *testing.T) {
	out, code := runCLI(t, "--plugin", filepath.Join(binaries(t), "quiver-plugin-memory"), "--run", "Configure|unreachable")
	if code != 0 {
		t.Fatalf("exit code %d, want 0; output:\n%s", code, out)
	}
	for _, want := range []string{
		"skipped 4: Config.BadConfig is empty (quiver-conformance --bad-config FILE)",
		"skipped 5: Config.UnreachableConfig is empty (quiver-conformance --unreachable-config FILE)",
	} {
		if !strings.Contains(out, "\n"+want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
}

// TestCLIOfflineOnlyPluginName: the offline name case runs for a plugin
// without an online store, and fails an empty name.
func TestCLIOfflineOnlyPluginName(t *testing.T) {
	const name = "OfflineStore/GetCapabilities/should report the plugin's name"
	args := []string{"--plugin", remotePlugin(t), "--run", "GetCapabilities", "--env", "QUIVER_REMOTESTORE_OFFLINE_ONLY=1"}
	out, code := runCLI(t, args...)
	if code != 0 || !strings.Contains(out, "PASS "+name+" (") {
		t.Errorf("exit code %d, want 0 and PASS %s; output:\n%s", code, name, out)
	}
	out, code = runCLI(t, append(args, "--env", "QUIVER_REMOTESTORE_NAME=")...)
	if code != 1 || !strings.Contains(out, "FAIL "+name+": the plugin reported an empty name") {
		t.Errorf("exit code %d, want 1 and FAIL %s; output:\n%s", code, name, out)
	}
	out, _ = runCLI(t, "--plugin", filepath.Join(binaries(t), "quiver-plugin-memory"), "--run", "GetCapabilities")
	if !strings.Contains(out, "SKIP "+name+": the plugin serves an online store") {
		t.Errorf("a plugin with an online store: output lacks the SKIP of %s:\n%s", name, out)
	}
}

func TestCLISettingsExpandVariables(t *testing.T) {
	args := []string{"--plugin", remotePlugin(t), "--run", "Health", "--config", writeFile(t, "c.yaml", "address: ${QC_TEST_UNSET_VAR}\n")}
	os.Unsetenv("QC_TEST_UNSET_VAR")
	out, code := runCLI(t, args...)
	if code != 1 || !strings.Contains(out, "${QC_TEST_UNSET_VAR} is not set") {
		t.Errorf("exit code %d, want 1 naming the unset variable; output:\n%s", code, out)
	}
}

// TestCLIListPrintsEveryCase: one line per case, with what it needs.
func TestCLIListPrintsEveryCase(t *testing.T) {
	out, code := runCLI(t, "--list")
	if code != 0 {
		t.Fatalf("exit code %d; output:\n%s", code, out)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	cases := conformance.Cases()
	if len(lines) != len(cases) {
		t.Fatalf("--list printed %d lines for %d cases:\n%s", len(lines), len(cases), out)
	}
	for i, c := range cases {
		want := c.Name
		if len(c.Needs) > 0 {
			want += "\tneeds: " + strings.Join(c.Needs, ", ")
		}
		if lines[i] != want {
			t.Errorf("line %d = %q, want %q", i+1, lines[i], want)
		}
	}
	for _, want := range []string{
		"OfflineStore/PullRange/should return only the rows of the listed entity keys\tneeds: entity filters",
		"OnlineStore/Read/should stop returning a key once its key TTL has passed since its last write\tneeds: key TTL, Config.KeyTTLConfig",
		"OnlineStore/Health/should report not serving when the backend is unreachable\tneeds: Config.UnreachableConfig",
	} {
		if !strings.Contains(out, want+"\n") {
			t.Errorf("--list lacks the line %q", want)
		}
	}
}

// The case list of docs/plugins.md sits between these lines.
const (
	docsBegin = "<!-- cases: generated by `quiver-conformance --list --markdown`; QUIVER_UPDATE_DOCS=1 go test ./conformance -run TestDocsListEveryCase rewrites it -->\n"
	docsEnd   = "<!-- end of cases -->\n"
)

// TestDocsListEveryCase fails when the case table of docs/plugins.md is
// not what `quiver-conformance --list --markdown` prints, i.e. not every
// case of --list. QUIVER_UPDATE_DOCS=1 rewrites the table instead.
func TestDocsListEveryCase(t *testing.T) {
	path := filepath.Join("..", "docs", "plugins.md")
	if _, err := os.Stat(filepath.Join("..", "go.work")); err != nil {
		t.Skip("not in the Quiver repository: no docs/plugins.md to check")
	}
	doc, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want, code := runCLI(t, "--list", "--markdown")
	if code != 0 {
		t.Fatalf("--list --markdown: exit code %d:\n%s", code, want)
	}
	list, _ := runCLI(t, "--list")
	if rows, lines := strings.Count(want, "\n")-2, strings.Count(list, "\n"); rows != lines {
		t.Fatalf("--list --markdown has %d rows, --list %d lines", rows, lines)
	}
	before, rest, ok1 := bytes.Cut(doc, []byte(docsBegin))
	got, after, ok2 := bytes.Cut(rest, []byte(docsEnd))
	if !ok1 || !ok2 {
		t.Fatalf("%s lacks the lines\n%s...\n%s", path, docsBegin, docsEnd)
	}
	if string(got) == want {
		return
	}
	if os.Getenv("QUIVER_UPDATE_DOCS") == "1" {
		out := append(append(append(append(before, docsBegin...), want...), docsEnd...), after...)
		if err := os.WriteFile(path, out, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("rewrote the case table of %s", path)
		return
	}
	gotNames, wantNames := tableRows(string(got)), tableRows(want)
	for n := range wantNames {
		if !gotNames[n] {
			t.Errorf("%s does not list %s", path, n)
		}
	}
	for n := range gotNames {
		if !wantNames[n] {
			t.Errorf("%s lists %s, which --list does not", path, n)
		}
	}
	t.Errorf("the case table of %s is not what `quiver-conformance --list --markdown` prints; "+
		"run QUIVER_UPDATE_DOCS=1 go test ./conformance -run TestDocsListEveryCase", path)
}

// tableRows returns the rows of a Markdown table, header excluded.
func tableRows(table string) map[string]bool {
	out := map[string]bool{}
	for i, l := range strings.Split(strings.TrimSpace(table), "\n") {
		if i >= 2 {
			out[l] = true
		}
	}
	return out
}

// TestCLIReportsSkipReasonsInJSON: --json carries the skip reasons too.
func TestCLIReportsSkipReasonsInJSON(t *testing.T) {
	out, code := runCLI(t, "--plugin", filepath.Join(binaries(t), "quiver-plugin-memory"), "--run", "unreachable", "--json")
	if code != 0 {
		t.Fatalf("exit code %d; output:\n%s", code, out)
	}
	var rep struct {
		SkipReasons []struct {
			Reason string `json:"reason"`
			Cases  int    `json:"cases"`
		} `json:"skip_reasons"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.SkipReasons) != 1 || rep.SkipReasons[0].Cases != 5 || !strings.HasPrefix(rep.SkipReasons[0].Reason, "Config.UnreachableConfig is empty") {
		t.Errorf("skip_reasons = %+v, want 5 cases skipped for the missing unreachable config", rep.SkipReasons)
	}
}
