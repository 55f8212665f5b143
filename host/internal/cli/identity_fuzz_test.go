package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzIdentityFile feeds arbitrary bytes to the --identity reader of
// `quiver permissions check`: it must not panic, refuses what is larger
// than its bound, and cannot be made to expand aliases into more entries
// than the file has bytes.
func FuzzIdentityFile(f *testing.F) {
	for _, s := range []string{"name: ann\nroles: [reader]\n", `{"name": "ops", "groups": ["platform"], "namespaces": ["n"]}`,
		"name: [a\n", "colour: blue\n", "name: &a x\nroles: [*a, *a]\n", strings.Repeat("- ", 1000), ""} {
		f.Add([]byte(s))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "id.yaml")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		id, err := readIdentity(path)
		if err == nil && len(data) > maxIdentityFile {
			t.Fatalf("accepted a %d-byte identity file", len(data))
		}
		if err == nil && len(id.Roles)+len(id.Groups)+len(id.Namespaces) > len(data) {
			t.Fatalf("an identity with more entries than the file has bytes: %+v", id)
		}
	})
}
