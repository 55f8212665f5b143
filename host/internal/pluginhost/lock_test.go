package pluginhost

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// writeBins writes fake plugin binaries with the given contents into dir.
func writeBins(t *testing.T, dir string, contents map[string]string) []Binary {
	t.Helper()
	for name, c := range contents {
		if err := os.WriteFile(BinaryPath(dir, name), []byte(c), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	bins, err := Discover(dir)
	if err != nil {
		t.Fatal(err)
	}
	return bins
}

func TestLockRoundTrip(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bins := writeBins(t, dir, map[string]string{"redis": "redis build", "milvus": "milvus build"})
	lock, err := NewLock(bins)
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteLock(dir, lock); err != nil {
		t.Fatal(err)
	}
	got, err := ReadLock(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := &Lock{Version: LockVersion, Plugins: map[string]LockEntry{
		"milvus": {File: "quiver-plugin-milvus", SHA256: hexSum("milvus build")},
		"redis":  {File: "quiver-plugin-redis", SHA256: hexSum("redis build")},
	}}
	if diff := cmp.Diff(want, got, cmpopts.IgnoreUnexported(Lock{})); diff != "" {
		t.Errorf("ReadLock after WriteLock mismatch (-want +got):\n%s", diff)
	}
	if got.Path() != LockPath(dir) {
		t.Errorf("Path() = %q; want %q", got.Path(), LockPath(dir))
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".*"))
	if len(leftovers) != 0 {
		t.Errorf("WriteLock left temporary files: %v", leftovers)
	}
}

func TestLockVerify(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bins := writeBins(t, dir, map[string]string{"redis": "v1"})
	lock, err := NewLock(bins)
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteLock(dir, lock); err != nil {
		t.Fatal(err)
	}
	oldSum := lock.Plugins["redis"].SHA256

	tests := []struct {
		name     string
		contents map[string]string
		bin      string
		wantErr  error
		wantText []string
	}{
		{name: "matching binary", contents: map[string]string{"redis": "v1"}, bin: "redis"},
		{name: "modified binary", contents: map[string]string{"redis": "v2"}, bin: "redis",
			wantErr: ErrChecksumMismatch, wantText: []string{"quiver-plugin-redis", oldSum, hexSum("v2")}},
		{name: "binary missing from lock", contents: map[string]string{"evil": "x"}, bin: "evil",
			wantErr: ErrNotLocked, wantText: []string{"quiver-plugin-evil", hexSum("x")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := t.TempDir()
			writeBins(t, d, tt.contents)
			bin, err := Find(d, tt.bin)
			if err != nil {
				t.Fatal(err)
			}
			sum, err := lock.Verify(bin)
			if tt.wantErr == nil {
				if err != nil || hex.EncodeToString(sum) != oldSum {
					t.Fatalf("Verify = %x, %v; want %s, nil", sum, err, oldSum)
				}
				return
			}
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Verify error = %v; want %v", err, tt.wantErr)
			}
			for _, s := range tt.wantText {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("Verify error %q does not mention %q", err, s)
				}
			}
		})
	}
}

func TestReadLockErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		content  *string
		wantIs   error
		wantText string
	}{
		{name: "missing file", wantIs: ErrNoLockFile, wantText: "quiver plugins lock"},
		{name: "bad json", content: ptr("{"), wantText: "parsing"},
		{name: "unknown version", content: ptr(`{"version": 9, "plugins": {}}`), wantText: "version 9"},
		{name: "unknown field", content: ptr(`{"version": 1, "plugins": {}, "extra": 1}`), wantText: "extra"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			if tt.content != nil {
				if err := os.WriteFile(LockPath(dir), []byte(*tt.content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			_, err := ReadLock(dir)
			if err == nil {
				t.Fatal("ReadLock succeeded; want an error")
			}
			if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
				t.Errorf("ReadLock error = %v; want %v", err, tt.wantIs)
			}
			if !strings.Contains(err.Error(), tt.wantText) {
				t.Errorf("ReadLock error %q does not mention %q", err, tt.wantText)
			}
		})
	}
}

func ptr(s string) *string { return &s }

func hexSum(content string) string {
	sum := sha256.Sum256([]byte(content))
	return hex.EncodeToString(sum[:])
}
