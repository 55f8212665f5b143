package plugintest

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"testing"

	"github.com/quiverfs/quiver/conformance"
	"github.com/quiverfs/quiver/conformance/internal/command"
)

// runCLI runs quiver-conformance --json against the plugin binary with
// cfg's settings, written to files as a user would, and turns each case it
// reports into a subtest that passes, fails or skips as the case did.
func runCLI(t *testing.T, bins binaries, cfg conformance.Config) {
	t.Helper()
	args := []string{"--plugin", bins.plugin, "--json",
		"--config", writeJSON(t, "config.json", cfg.StoreConfig),
		"--project-prefix", cfg.ProjectPrefix,
		"--case-timeout", cfg.CaseTimeout.String(),
		"--data-path", cfg.DataPath}
	if len(cfg.BadConfig) > 0 {
		args = append(args, "--bad-config", writeJSON(t, "bad_config.json", cfg.BadConfig))
	}
	if len(cfg.UnreachableConfig) > 0 {
		args = append(args, "--unreachable-config", writeJSON(t, "unreachable_config.json", cfg.UnreachableConfig),
			"--unreachable-timeout", cfg.UnreachableTimeout.String())
	}
	if len(cfg.KeyTTLConfig) > 0 {
		args = append(args, "--key-ttl-config", writeJSON(t, "key_ttl_config.json", cfg.KeyTTLConfig),
			"--key-ttl", cfg.KeyTTL.String())
	}
	for _, kv := range cfg.PluginEnv {
		args = append(args, "--env", kv)
	}
	keys := make([]string, 0, len(cfg.SourceOptions))
	for k := range cfg.SourceOptions {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		args = append(args, "--source-option", k+"="+cfg.SourceOptions[k])
	}
	cmd := exec.CommandContext(t.Context(), bins.cli, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	code := 0
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			t.Fatalf("running %s: %v", bins.cli, err)
		}
		code = exit.ExitCode()
	}
	var rep command.Report
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil || len(rep.Results) == 0 {
		t.Fatalf("quiver-conformance exited with code %d and no JSON report (%v)\nstdout:\n%s\nstderr:\n%s",
			code, err, stdout.String(), stderr.String())
	}
	var got command.Summary
	for _, r := range rep.Results {
		switch conformance.Status(r.Status) {
		case conformance.StatusPass:
			got.Passed++
		case conformance.StatusFail:
			got.Failed++
		case conformance.StatusSkip:
			got.Skipped++
		default:
			t.Errorf("case %s has the unknown status %q", r.Name, r.Status)
		}
	}
	if got != rep.Summary {
		t.Errorf("the summary %+v does not count the results %+v", rep.Summary, got)
	}
	if want := min(got.Failed, 1); code != want {
		t.Errorf("quiver-conformance exited with code %d after %d failed cases, want %d; stderr:\n%s", code, got.Failed, want, stderr.String())
	}
	for _, r := range rep.Results {
		t.Run(r.Name, func(t *testing.T) {
			switch conformance.Status(r.Status) {
			case conformance.StatusFail:
				t.Error(r.Message)
			case conformance.StatusSkip:
				t.Skip(r.Message)
			}
		})
	}
}

// writeJSON writes a settings file into a temporary folder of t.
func writeJSON(t *testing.T, name string, data json.RawMessage) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}
