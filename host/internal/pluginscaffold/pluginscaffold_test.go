package pluginscaffold

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestCheckName(t *testing.T) {
	for _, name := range []string{"kv", "dynamo", "my_kv", "s3vectors", strings.Repeat("a", 63)} {
		if err := CheckName(name); err != nil {
			t.Errorf("CheckName(%q) = %v, want nil", name, err)
		}
	}
	for name, want := range map[string]string{
		"":                      "want a lower-case letter",
		"Kv":                    "want a lower-case letter",
		"1kv":                   "want a lower-case letter",
		"my-kv":                 "want a lower-case letter",
		"kv.store":              "want a lower-case letter",
		"../kv":                 "want a lower-case letter",
		strings.Repeat("a", 64): "at most 62",
		"func":                  "is a Go keyword",
		"sqlite":                "built into quiver",
		"file":                  "built into quiver",
	} {
		if err := CheckName(name); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("CheckName(%q) = %v, want an error containing %q", name, err, want)
		}
	}
}

// wantFiles are the files of a plugin named kv.
var wantFiles = []string{"go.mod", "doc.go", "conformance_test.go", "kvstore/doc.go", "kvstore/store.go",
	"cmd/quiver-plugin-kv/main.go", "testdata/config.json", "testdata/bad_config.json", "README.md"}

func TestWriteCreatesTheLayout(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "kv")
	res, err := Write(Options{Name: "kv", Dir: dir, Module: "example.org/x/kv", Version: "v1.4.0"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.Files, wantFiles) || res.Module != "example.org/x/kv" || res.Dir != dir {
		t.Errorf("Write = %+v, want files %v", res, wantFiles)
	}
	gomod := read(t, filepath.Join(dir, "go.mod"))
	for _, want := range []string{"module example.org/x/kv\n", "go " + GoVersion + "\n",
		"\tgithub.com/quiverfs/quiver/conformance v1.4.0\n", "\tgithub.com/quiverfs/quiver/sdk v1.4.0\n"} {
		if !strings.Contains(gomod, want) {
			t.Errorf("go.mod lacks %q:\n%s", want, gomod)
		}
	}
	if strings.Contains(gomod, "replace") {
		t.Errorf("go.mod has a replace directive by default:\n%s", gomod)
	}
	if main := read(t, filepath.Join(dir, "cmd/quiver-plugin-kv/main.go")); !strings.Contains(main, `"example.org/x/kv/kvstore"`) ||
		!strings.Contains(main, `Name: "kv"`) {
		t.Errorf("main.go does not serve kvstore as kv:\n%s", main)
	}
	lines := 0
	for _, f := range []string{"kvstore/doc.go", "kvstore/store.go"} {
		lines += strings.Count(read(t, filepath.Join(dir, f)), "\n")
	}
	if lines >= 200 {
		t.Errorf("the store is %d lines of Go, want under 200", lines)
	}
	if leftover := regexp.MustCompile(`\{\{|NAME`).FindString(strings.Join(readAll(t, dir), "\n")); leftover != "" {
		t.Errorf("a generated file still holds %q", leftover)
	}
}

func TestWriteDefaults(t *testing.T) {
	t.Chdir(t.TempDir())
	res, err := Write(Options{Name: "kv"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Dir != "quiver-plugin-kv" || res.Module != "example.com/quiver-plugin-kv" {
		t.Errorf("Write = %+v, want dir quiver-plugin-kv and module example.com/quiver-plugin-kv", res)
	}
	if gomod := read(t, "quiver-plugin-kv/go.mod"); !strings.Contains(gomod, "github.com/quiverfs/quiver/sdk "+DevVersion) {
		t.Errorf("go.mod does not require %s:\n%s", DevVersion, gomod)
	}
}

func TestWriteRefusesANonEmptyFolder(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "keep.txt"), []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Write(Options{Name: "kv", Dir: dir})
	if !errors.Is(err, ErrNotEmpty) || !strings.Contains(err.Error(), "--dir") {
		t.Fatalf("Write into a non-empty folder = %v, want ErrNotEmpty naming --dir", err)
	}
	if got := readAll(t, dir); len(got) != 1 || got[0] != "mine" {
		t.Errorf("the folder was changed: %v", got)
	}
	// An empty folder is fine.
	if _, err := Write(Options{Name: "kv", Dir: t.TempDir()}); err != nil {
		t.Errorf("Write into an empty folder: %v", err)
	}
}

func TestWriteRefusesBadOptions(t *testing.T) {
	for _, tc := range []struct {
		o    Options
		want string
	}{
		{Options{Name: "Bad"}, "plugin name"},
		{Options{Name: "kv", Module: "has space/x"}, "module path"},
		{Options{Name: "kv", Version: "1.2.3"}, "want a module version"},
		{Options{Name: "kv", Version: "latest"}, "want a module version"},
	} {
		tc.o.Dir = filepath.Join(t.TempDir(), "p")
		if _, err := Write(tc.o); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Write(%+v) = %v, want an error containing %q", tc.o, err, tc.want)
		}
		if _, err := os.Stat(tc.o.Dir); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("Write(%+v) left %s behind", tc.o, tc.o.Dir)
		}
	}
}

// TestGoVersionIsTheSDKs keeps the go directive of new plugins equal to the sdk's.
func TestGoVersionIsTheSDKs(t *testing.T) {
	m := regexp.MustCompile(`(?m)^go (\S+)$`).FindStringSubmatch(read(t, "../../../sdk/go.mod"))
	if m == nil || m[1] != GoVersion {
		t.Errorf("sdk/go.mod has go %v, GoVersion is %s", m, GoVersion)
	}
}

// TestVersion: this test binary is a development build (a workspace or a
// replace), so the host's version decides, when it is a release tag.
func TestVersion(t *testing.T) {
	for host, want := range map[string]string{"v1.2.3": "v1.2.3", "dev": DevVersion, "v1.2.3-4-gabcdef0": DevVersion,
		"v1.2.3-dirty": DevVersion, "d58c863": DevVersion} {
		got, release := Version(host)
		if got != want || release != (want != DevVersion) {
			t.Errorf("Version(%q) = %s, %t; want %s", host, got, release, want)
		}
	}
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// readAll returns the content of every file under dir.
func readAll(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			out = append(out, read(t, p))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
