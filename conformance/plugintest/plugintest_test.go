package plugintest_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/quiverfs/quiver/conformance/internal/remotestore"
	"github.com/quiverfs/quiver/conformance/memstore"
	"github.com/quiverfs/quiver/conformance/plugintest"
	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/onlinestore"
)

// memory is the reference plugin of this module, seen from here.
func memory() plugintest.Plugin {
	return plugintest.Plugin{
		Name:         "memory",
		Cmd:          "../cmd/quiver-plugin-memory",
		Online:       func(*testing.T) onlinestore.Store { return memstore.NewOnline() },
		Offline:      func(*testing.T) offlinestore.Store { return memstore.NewOffline() },
		Config:       func(*testing.T) json.RawMessage { return json.RawMessage(`{"max_vector_dimension": 64}`) },
		BadConfig:    json.RawMessage(`{"no_such_key": 1}`),
		KeyTTLConfig: json.RawMessage(`{"max_vector_dimension": 64, "key_ttl": "500ms"}`),
		KeyTTL:       500 * time.Millisecond,
	}
}

// remote is the test plugin with a pretend backend (package remotestore),
// its backend up, with the faults named (remotestore.ParseFaults).
func remote(t *testing.T, faults string) plugintest.Plugin {
	f, err := remotestore.ParseFaults(faults)
	if err != nil {
		t.Fatal(err)
	}
	addr := remotestore.UpBackend(t)
	return plugintest.Plugin{
		Name:    "remote",
		Cmd:     "../internal/testdata/quiver-plugin-remote",
		Online:  func(*testing.T) onlinestore.Store { return remotestore.NewOnline(f) },
		Offline: func(*testing.T) offlinestore.Store { return remotestore.NewOffline(f) },
		Config: func(*testing.T) json.RawMessage {
			return json.RawMessage(`{"address": "` + addr + `"}`)
		},
		BadConfig:          json.RawMessage(`{"no_such_key": 1}`),
		UnreachableConfig:  json.RawMessage(`{"address": "127.0.0.1:1"}`),
		UnreachableTimeout: 3 * time.Second,
		Env:                []string{"QUIVER_REMOTESTORE_FAULTS=" + faults},
	}
}

// TestRemotePlugin: a plugin with a backend runs the cases of a dead
// backend in every mode, the CLI's included.
func TestRemotePlugin(t *testing.T) {
	p := remote(t, "")
	p.Parallel = true
	plugintest.Run(t, p)
}

// TestMemoryPlugin runs the harness on the memory plugin, the modes in
// parallel: every mode passes. (The helper below runs them one by one.)
func TestMemoryPlugin(t *testing.T) {
	p := memory()
	p.Parallel = true
	plugintest.Run(t, p)
}

// helperEnv selects a scenario of TestHelperBrokenPlugin in a child process.
const helperEnv = "PLUGINTEST_HELPER_SCENARIO"

// TestHelperBrokenPlugin is run by the tests below, in a child process of
// this test binary, with a Plugin that must fail; on its own it does nothing.
func TestHelperBrokenPlugin(t *testing.T) {
	p := memory()
	switch os.Getenv(helperEnv) {
	case "":
		return
	case "accepted-bad-config":
		p.BadConfig = json.RawMessage(`{"max_vector_dimension": 8}`)
	case "no-offline":
		p.Offline = nil
	case "health-always-serving":
		p = remote(t, "health-always-serving")
	}
	plugintest.Run(t, p)
}

// runHelper runs TestHelperBrokenPlugin (only the subtests run matches) in
// a child process and returns its verbose output; the child must fail.
func runHelper(t *testing.T, scenario, run string) string {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run", "^TestHelperBrokenPlugin$/"+run, "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), helperEnv+"="+scenario)
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("the harness passed a broken plugin (%s); output:\n%s", scenario, out)
	}
	return string(out)
}

// TestFailsInEveryModeWhenTheStoreAcceptsABadConfig: the failing case must
// fail each mode, the CLI's report included.
func TestFailsInEveryModeWhenTheStoreAcceptsABadConfig(t *testing.T) {
	out := runHelper(t, "accepted-bad-config", ".*/OnlineStore/Configure/")
	for _, mode := range []string{plugintest.ModeDirect, plugintest.ModeInProcess, plugintest.ModeBinary, plugintest.ModeCLI} {
		want := "--- FAIL: TestHelperBrokenPlugin/" + mode + "/OnlineStore/Configure/should_reject_a_bad_config_with_InvalidArgument"
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(out, "Configure accepted the bad config") {
		t.Errorf("output lacks the reason:\n%s", out)
	}
}

// TestFailsInEveryModeWhenHealthIgnoresADeadBackend: the unreachable
// config reaches every mode, the CLI's included.
func TestFailsInEveryModeWhenHealthIgnoresADeadBackend(t *testing.T) {
	out := runHelper(t, "health-always-serving", ".*/OnlineStore/Health/should_report_not_serving")
	for _, mode := range []string{plugintest.ModeDirect, plugintest.ModeInProcess, plugintest.ModeBinary, plugintest.ModeCLI} {
		want := "--- FAIL: TestHelperBrokenPlugin/" + mode + "/OnlineStore/Health/should_report_not_serving_when_the_backend_is_unreachable"
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(out, "serving = true") {
		t.Errorf("output lacks the reason:\n%s", out)
	}
}

// TestReadConfigExpandsVariables: the testdata files of the plugins name
// their backend as ${QUIVER_TEST_<NAME>_ADDR}.
func TestReadConfigExpandsVariables(t *testing.T) {
	p := filepath.Join(t.TempDir(), "config.json")
	if err := os.WriteFile(p, []byte(`{"address": "${PLUGINTEST_ADDR}", "n": 2}`), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PLUGINTEST_ADDR", "10.0.0.1:6379")
	if got := string(plugintest.ReadConfig(t, p)); got != `{"address":"10.0.0.1:6379","n":2}` {
		t.Errorf("ReadConfig = %s", got)
	}
}

// TestBinaryModeFailsWhenTheBinaryServesOtherStores: Plugin says online
// only, the binary also serves an offline store.
func TestBinaryModeFailsWhenTheBinaryServesOtherStores(t *testing.T) {
	out := runHelper(t, "no-offline", plugintest.ModeBinary+"/OnlineStore/Health/")
	want := "the binary serves an offline store: true; Plugin.Offline is set: false"
	if !strings.Contains(out, want) || !strings.Contains(out, "--- FAIL: TestHelperBrokenPlugin/Binary ") {
		t.Errorf("output lacks %q and a failed Binary mode:\n%s", want, out)
	}
}

func TestRunRefusesAnIncompletePlugin(t *testing.T) {
	for _, tc := range []struct {
		p    plugintest.Plugin
		want string
	}{
		{plugintest.Plugin{Online: memory().Online}, "Plugin.Name is required"},
		{plugintest.Plugin{Name: "x"}, "Plugin.Online or Plugin.Offline is required"},
		{plugintest.Plugin{Name: "x", Online: memory().Online, Cmd: "./cmd/quiver-plugin-y"}, "must end in quiver-plugin-x"},
	} {
		if err := plugintest.Check(tc.p); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Check(%+v) = %v, want an error containing %q", tc.p, err, tc.want)
		}
	}
}
