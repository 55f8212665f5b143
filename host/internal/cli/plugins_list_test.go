package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quiverfs/quiver/host/internal/pluginhost"
)

// scriptPlugin writes an executable quiver-plugin-<name> into dir/plugins
// that only records it was run (in dir/ran-<name>) and exits, and returns
// the path of that record.
func scriptPlugin(t *testing.T, dir, name string) (bin, ran string) {
	t.Helper()
	ran = filepath.Join(dir, "ran-"+name)
	bin = filepath.Join(dir, "plugins", pluginhost.BinaryPrefix+name)
	if err := os.MkdirAll(filepath.Dir(bin), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, []byte("#!/bin/sh\ntouch '"+ran+"'\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return bin, ran
}

// lockOnly writes a lock file trusting the named plugins' current binaries.
func lockOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	var bins []pluginhost.Binary
	for _, n := range names {
		b, err := pluginhost.Find(filepath.Join(dir, "plugins"), n)
		if err != nil {
			t.Fatal(err)
		}
		bins = append(bins, b)
	}
	lock, err := pluginhost.NewLock(bins)
	if err != nil {
		t.Fatal(err)
	}
	if err := pluginhost.WriteLock(filepath.Join(dir, "plugins"), lock); err != nil {
		t.Fatal(err)
	}
}

func ran(path string) bool { _, err := os.Stat(path); return err == nil }

const notLockedNote = "not locked (run `quiver plugins lock` or pass --trust-unlocked to query capabilities)"

func TestPluginsListRunsNoUnlockedBinaryWithoutALockFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	_, marker := scriptPlugin(t, dir, "stranger")
	r := quiver(t, dir, "plugins", "list")
	if r.code != 0 || !strings.Contains(r.stdout, "stranger") || !strings.Contains(r.stdout, "no_lock_file") ||
		!strings.Contains(r.stderr, "plugin stranger: "+notLockedNote) {
		t.Errorf("plugins list: exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	if ran(marker) {
		t.Error("plugins list ran an unlocked binary")
	}
}

func TestPluginsListRunsNoBinaryMissingFromTheLockFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	scriptPlugin(t, dir, "known")
	lockOnly(t, dir, "known")
	_, marker := scriptPlugin(t, dir, "stranger")
	r := quiver(t, dir, "plugins", "list", "-o", "json")
	if !strings.Contains(r.stdout, `"lock": "not_locked"`) || !strings.Contains(r.stdout, `"note": "`+notLockedNote) {
		t.Errorf("plugins list -o json:\n%s\n%s", r.stdout, r.stderr)
	}
	if ran(marker) {
		t.Error("plugins list ran a binary the lock file does not list")
	}
}

func TestPluginsListRunsUnlockedBinariesOnlyWhenTrusted(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	_, marker := scriptPlugin(t, dir, "stranger")
	quiver(t, dir, "plugins", "list", "--trust-unlocked") // the script is no real plugin: an error row
	if !ran(marker) {
		t.Error("plugins list --trust-unlocked did not query the unlocked binary")
	}
}

func TestPluginsListRunsLockedBinariesThatMatch(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	_, marker := scriptPlugin(t, dir, "known")
	lockOnly(t, dir, "known")
	quiver(t, dir, "plugins", "list")
	if !ran(marker) {
		t.Error("plugins list did not query a locked, matching binary")
	}
}

func TestPluginsListRunsNoMismatchedBinaryEvenWhenTrusted(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bin, marker := scriptPlugin(t, dir, "known")
	lockOnly(t, dir, "known")
	if err := os.WriteFile(bin, []byte("#!/bin/sh\ntouch '"+marker+"'\n# changed\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	r := quiver(t, dir, "plugins", "list", "--trust-unlocked")
	if r.code == 0 || !strings.Contains(r.stdout, "mismatch") {
		t.Errorf("plugins list: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if ran(marker) {
		t.Error("plugins list ran a binary whose checksum differs from the lock")
	}
}
