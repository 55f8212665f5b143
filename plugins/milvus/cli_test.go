package milvus

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
)

var summaryRE = regexp.MustCompile(`(?m)^(\d+) passed, (\d+) failed, (\d+) skipped$`)

// TestConformanceCLI runs the quiver-conformance command against the
// built plugin, as a plugin author would, on the vector cases.
func TestConformanceCLI(t *testing.T) {
	t.Parallel()
	dir := binaries(t)
	cfgFile := filepath.Join(t.TempDir(), "milvus.yaml")
	if err := os.WriteFile(cfgFile, []byte("address: "+milvusAddr(t)+"\ncollection_prefix: qcli\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(filepath.Join(dir, "quiver-conformance"), "--plugin", filepath.Join(dir, "quiver-plugin-milvus"),
		"--config", cfgFile, "--run", "SearchVectors|Read/should return exact values")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("quiver-conformance: %v\n%s", err, out)
	}
	m := summaryRE.FindStringSubmatch(string(out))
	if m == nil || m[1] == "0" || m[2] != "0" {
		t.Fatalf("unexpected summary in:\n%s", out)
	}
}
