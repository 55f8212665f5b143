package conformance_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// runCLI runs quiver-conformance with args and returns its output and exit code.
func runCLI(t *testing.T, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(filepath.Join(binaries(t), "quiver-conformance"), args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return out.String(), 0
	case errors.As(err, &exit):
		return out.String(), exit.ExitCode()
	}
	t.Fatalf("running quiver-conformance: %v", err)
	return "", 0
}

// writeFile writes a file into a temporary folder and returns its path.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

var summaryRE = regexp.MustCompile(`(?m)^(\d+) passed, (\d+) failed, (\d+) skipped$`)

func TestCLIPassesMemoryPlugin(t *testing.T) {
	plugin := filepath.Join(binaries(t), "quiver-plugin-memory")
	cfgFile := writeFile(t, "store.yaml", "max_vector_dimension: 128\n")
	badFile := writeFile(t, "bad.json", string(badConfig))
	ttlFile := writeFile(t, "ttl.yaml", "max_vector_dimension: 128\nkey_ttl: 500ms\n")
	out, code := runCLI(t, "--plugin", plugin, "--config", cfgFile, "--bad-config", badFile,
		"--key-ttl-config", ttlFile, "--key-ttl", "500ms")
	if code != 0 {
		t.Fatalf("exit code %d, want 0; output:\n%s", code, out)
	}
	for _, want := range []string{
		"PASS OnlineStore/Read/should return exact values for every type (",
		"PASS OnlineStore/SearchVectors/should apply the and filter (",
		"PASS OnlineStore/Configure/should reject a bad config with InvalidArgument (",
		"PASS OfflineStore/PullLatest/should return the latest row per entity in [start, end) (",
		"PASS OnlineStore/Read/should stop returning a key once its key TTL has passed since its last write (",
		"PASS OnlineStore/Configure/should keep the stored data when it rejects a bad config (",
		"PASS OfflineStore/PullLatest/should match every part of a composite entity key (",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	m := summaryRE.FindStringSubmatch(out)
	// The memory store has only exact search and no backend to lose; the
	// offline name case is for plugins without an online store.
	skips := []string{
		"SKIP OnlineStore/SearchVectors/should reach recall@10",
		"SKIP OfflineStore/GetCapabilities/should report the plugin's name: the plugin serves an online store",
		"skipped 5: Config.UnreachableConfig is empty",
	}
	if m == nil || m[2] != "0" || m[3] != "7" || m[1] == "0" {
		t.Errorf("summary = %v, want N passed, 0 failed, 7 skipped; output:\n%s", m, out)
	}
	for _, s := range skips {
		if !strings.Contains(out, s) {
			t.Errorf("output lacks %q:\n%s", s, out)
		}
	}
}

func TestCLISkipsVectorCasesOfPluginWithoutVectorSearch(t *testing.T) {
	out, code := runCLI(t, "--plugin", filepath.Join(binaries(t), "novector"))
	if code != 0 {
		t.Fatalf("exit code %d, want 0; output:\n%s", code, out)
	}
	for _, want := range []string{
		"SKIP OnlineStore/SearchVectors/should return the exact top-k by l2 distance: plugin does not advertise vector search",
		"SKIP OnlineStore/SearchVectors/should apply the eq filter: plugin does not advertise vector search",
		"SKIP OnlineStore/Configure/should reject a bad config with InvalidArgument: Config.BadConfig is empty",
		"SKIP OfflineStore/PullRange/should return the rows in [start, end): plugin serves no offline store",
		"PASS OnlineStore/Read/should return the values written (",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if m := summaryRE.FindStringSubmatch(out); m == nil || m[2] != "0" || m[3] == "0" {
		t.Errorf("summary = %v, want no failure and some skips; output:\n%s", m, out)
	}
}

// TestCLIFailsWhenAcceptedBadConfig gives as "bad" config one the plugin
// accepts: the four Configure cases must FAIL and the CLI exit 1.
func TestCLIFailsWhenAcceptedBadConfig(t *testing.T) {
	good := writeFile(t, "good.yaml", "max_vector_dimension: 8\n")
	out, code := runCLI(t, "--plugin", filepath.Join(binaries(t), "quiver-plugin-memory"),
		"--bad-config", good, "--run", "Configure")
	if code != 1 {
		t.Errorf("exit code %d, want 1; output:\n%s", code, out)
	}
	if !strings.Contains(out, "FAIL OnlineStore/Configure/should reject a bad config with InvalidArgument: Configure accepted the bad config") {
		t.Errorf("output lacks the FAIL line:\n%s", out)
	}
	if m := summaryRE.FindStringSubmatch(out); m == nil || m[1] != "0" || m[2] != "4" || m[3] != "0" {
		t.Errorf("summary = %v, want 0 passed, 4 failed, 0 skipped; output:\n%s", m, out)
	}
}

func TestCLIJSON(t *testing.T) {
	out, code := runCLI(t, "--plugin", filepath.Join(binaries(t), "quiver-plugin-memory"),
		"--run", "PullRange/should return the rows|exact values", "--json")
	if code != 0 {
		t.Fatalf("exit code %d, want 0; output:\n%s", code, out)
	}
	var got struct {
		Results []struct {
			Name       string `json:"name"`
			Status     string `json:"status"`
			Message    string `json:"message"`
			DurationMS *int64 `json:"duration_ms"`
		} `json:"results"`
		Summary map[string]int `json:"summary"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	if len(got.Results) != 2 || got.Summary["passed"] != 2 || got.Summary["failed"] != 0 || got.Summary["skipped"] != 0 {
		t.Errorf("got %+v, want 2 passing results", got)
	}
	for _, r := range got.Results {
		if r.Status != "PASS" || r.DurationMS == nil || r.Name == "" {
			t.Errorf("result %+v, want PASS with a name and a duration", r)
		}
	}
}
