package feastregistry_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestGeneratedCodeIsFresh regenerates the Go code of proto/feast with the
// pinned generators and fails if the committed code of any of its three
// packages differs or is missing.
func TestGeneratedCodeIsFresh(t *testing.T) {
	root, err := filepath.Abs("../../../../..")
	if err != nil {
		t.Fatal(err)
	}
	// Read the inputs here so the test cache notices when they change.
	protos, _ := filepath.Glob(filepath.Join(root, "proto", "feast", "*", "*.proto"))
	if len(protos) == 0 {
		t.Fatal("no .proto file under proto/feast")
	}
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
	for _, pkg := range []string{"types", "core", "registry"} {
		fresh := filepath.Join(out, "feast", pkg)
		committed := filepath.Join(root, "host", "internal", "gen", "feast", pkg)
		files, _ := filepath.Glob(filepath.Join(fresh, "*.go"))
		if len(files) == 0 {
			t.Fatalf("the generator wrote nothing for feast/%s", pkg)
		}
		for _, f := range files {
			want, _ := os.ReadFile(f)
			got, err := os.ReadFile(filepath.Join(committed, filepath.Base(f)))
			if err != nil || !bytes.Equal(got, want) {
				t.Errorf("feast/%s/%s is stale or missing: run `make gen` and commit the result", pkg, filepath.Base(f))
			}
		}
	}
}
