package servingv1_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestGeneratedCodeIsFresh regenerates the feature server code into a temporary
// directory with the pinned generators and fails if the committed code differs.
func TestGeneratedCodeIsFresh(t *testing.T) {
	root, err := filepath.Abs("../../../../../..")
	if err != nil {
		t.Fatal(err)
	}
	// Read the inputs here so the test cache notices when they change.
	protos, _ := filepath.Glob(filepath.Join(root, "proto", "quiver", "serving", "v1", "*.proto"))
	for _, p := range protos {
		if _, err := os.ReadFile(p); err != nil {
			t.Fatal(err)
		}
	}
	out := t.TempDir()
	cmd := exec.Command(filepath.Join(root, "scripts", "gen-proto.sh"), out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("scripts/gen-proto.sh failed: %v\n%s", err, b)
	}
	committed := filepath.Join(root, "host", "internal", "gen", "quiver", "serving", "v1")
	fresh := filepath.Join(out, "quiver", "serving", "v1")
	entries, err := os.ReadDir(fresh)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) == 0 {
		t.Fatal("the generator wrote no files")
	}
	for _, e := range entries {
		want, _ := os.ReadFile(filepath.Join(fresh, e.Name()))
		got, err := os.ReadFile(filepath.Join(committed, e.Name()))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s is stale or missing: run `make gen` and commit the result", e.Name())
		}
	}
}
