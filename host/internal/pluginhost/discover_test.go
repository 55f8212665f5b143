package pluginhost

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestResolveDir(t *testing.T) {
	t.Parallel()
	abs := func(p string) string {
		a, err := filepath.Abs(p)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	tests := []struct {
		name       string
		flag, repo string
		env        string
		wantDir    string
		wantSource DirSource
	}{
		{name: "flag wins over env and repo", flag: "/opt/flag", repo: "/repo", env: "/opt/env", wantDir: "/opt/flag", wantSource: DirFromFlag},
		{name: "env wins over repo", repo: "/repo", env: "/opt/env", wantDir: "/opt/env", wantSource: DirFromEnv},
		{name: "repo plugins dir", repo: "/repo", wantDir: "/repo/plugins", wantSource: DirFromRepoDir},
		{name: "current dir by default", wantDir: abs("plugins"), wantSource: DirFromRepoDir},
		{name: "relative flag made absolute", flag: "rel", wantDir: abs("rel"), wantSource: DirFromFlag},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			getenv := func(k string) string {
				if k == EnvPluginsDir {
					return tt.env
				}
				return ""
			}
			dir, src, err := ResolveDir(tt.flag, tt.repo, getenv)
			if err != nil {
				t.Fatal(err)
			}
			if dir != tt.wantDir || src != tt.wantSource {
				t.Errorf("ResolveDir(%q, %q) with env %q = %q, %q; want %q, %q",
					tt.flag, tt.repo, tt.env, dir, src, tt.wantDir, tt.wantSource)
			}
		})
	}
}

func TestDiscover(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	files := []struct {
		name string
		mode os.FileMode
	}{
		{"quiver-plugin-redis", 0o755},
		{"quiver-plugin-bigquery", 0o700},
		{"quiver-plugin-notexec", 0o644},
		{"quiver-plugin-", 0o755},
		{"other-binary", 0o755},
		{LockFileName, 0o644},
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f.name), []byte("x"), f.mode); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "quiver-plugin-adir"), 0o755); err != nil {
		t.Fatal(err)
	}
	got, err := Discover(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []Binary{
		{Name: "bigquery", File: "quiver-plugin-bigquery", Path: filepath.Join(dir, "quiver-plugin-bigquery")},
		{Name: "redis", File: "quiver-plugin-redis", Path: filepath.Join(dir, "quiver-plugin-redis")},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Discover mismatch (-want +got):\n%s", diff)
	}

	missing, err := Discover(filepath.Join(dir, "nope"))
	if err != nil || len(missing) != 0 {
		t.Errorf("Discover(missing dir) = %v, %v; want no plugins, no error", missing, err)
	}
	if _, err := Find(dir, "notexec"); err == nil {
		t.Error("Find(notexec) succeeded; want an error for a non-executable file")
	}
	if _, err := Find(dir, "../x"); err == nil {
		t.Error("Find(../x) succeeded; want an error for a path-like name")
	}
}

func TestMinimalEnv(t *testing.T) {
	t.Parallel()
	host := map[string]string{"PATH": "/bin", "HOME": "/home/q", "SECRET": "s3", "REDIS_URL": "redis://x", "EMPTY": ""}
	lookup := func(k string) (string, bool) { v, ok := host[k]; return v, ok }
	tests := []struct {
		name  string
		extra []string
		want  []string
	}{
		{name: "base only", want: []string{"PATH=/bin", "HOME=/home/q"}},
		{name: "listed extra", extra: []string{"REDIS_URL", "EMPTY", "UNSET"}, want: []string{"PATH=/bin", "HOME=/home/q", "REDIS_URL=redis://x", "EMPTY="}},
		{name: "duplicates once", extra: []string{"PATH", "REDIS_URL", "REDIS_URL"}, want: []string{"PATH=/bin", "HOME=/home/q", "REDIS_URL=redis://x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tt.want, MinimalEnv(tt.extra, lookup)); diff != "" {
				t.Errorf("MinimalEnv(%v) mismatch (-want +got):\n%s", tt.extra, diff)
			}
		})
	}
}
