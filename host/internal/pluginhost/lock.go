package pluginhost

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// LockFileName is the lock file's name inside the plugins directory.
const LockFileName = "quiver-plugins.lock"

// LockVersion is the format version written by WriteLock.
const LockVersion = 1

// Sentinel errors of verification; match them with errors.Is.
var (
	// ErrNoLockFile: the plugins directory has no lock file.
	ErrNoLockFile = errors.New("no plugins lock file")
	// ErrNotLocked: the binary is missing from the lock file.
	ErrNotLocked = errors.New("plugin binary is not in the lock file")
	// ErrChecksumMismatch: the binary's SHA-256 differs from the lock file's.
	ErrChecksumMismatch = errors.New("plugin binary checksum does not match the lock file")
)

// Lock is the content of quiver-plugins.lock: the SHA-256 of every
// trusted plugin binary.
type Lock struct {
	Version int                  `json:"version"`
	Plugins map[string]LockEntry `json:"plugins"` // by plugin name
	path    string               // where it was read from or written to
}

// LockEntry pins one plugin binary.
type LockEntry struct {
	File   string `json:"file"`   // file name inside the plugins directory
	SHA256 string `json:"sha256"` // lowercase hex
}

// LockPath returns the lock file's path in plugins directory dir.
func LockPath(dir string) string { return filepath.Join(dir, LockFileName) }

// Path returns the file the lock was read from or written to.
func (l *Lock) Path() string { return l.path }

// ReadLock reads the lock file of plugins directory dir. A missing file is
// ErrNoLockFile.
func ReadLock(dir string) (*Lock, error) {
	path := LockPath(dir)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w %s; run `quiver plugins lock` to trust the plugins in %s", ErrNoLockFile, path, dir)
	}
	if err != nil {
		return nil, fmt.Errorf("reading plugins lock file: %w", err)
	}
	var l Lock
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&l); err != nil {
		return nil, fmt.Errorf("parsing plugins lock file %s: %w", path, err)
	}
	if l.Version != LockVersion {
		return nil, fmt.Errorf("plugins lock file %s has version %d; this quiver reads version %d", path, l.Version, LockVersion)
	}
	if l.Plugins == nil {
		l.Plugins = map[string]LockEntry{}
	}
	l.path = path
	return &l, nil
}

// NewLock hashes every binary and returns a lock that trusts exactly them.
func NewLock(bins []Binary) (*Lock, error) {
	l := &Lock{Version: LockVersion, Plugins: make(map[string]LockEntry, len(bins))}
	for _, b := range bins {
		sum, err := HashFile(b.Path)
		if err != nil {
			return nil, err
		}
		l.Plugins[b.Name] = LockEntry{File: b.File, SHA256: hex.EncodeToString(sum)}
	}
	return l, nil
}

// WriteLock writes l to the lock file of plugins directory dir, atomically.
func WriteLock(dir string, l *Lock) error {
	data, err := json.MarshalIndent(l, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding plugins lock file: %w", err)
	}
	tmp, err := os.CreateTemp(dir, "."+LockFileName+".*")
	if err != nil {
		return fmt.Errorf("writing plugins lock file: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(append(data, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("writing plugins lock file: %w", err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("writing plugins lock file: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing plugins lock file: %w", err)
	}
	if err := os.Rename(tmp.Name(), LockPath(dir)); err != nil {
		return fmt.Errorf("writing plugins lock file: %w", err)
	}
	l.path = LockPath(dir)
	return nil
}

// Verify hashes the binary and checks it against the lock. It returns the
// checksum, which the caller passes on so go-plugin checks it again at
// exec time. A binary missing from the lock is ErrNotLocked; a different
// checksum is ErrChecksumMismatch, with both checksums in the message.
func (l *Lock) Verify(b Binary) ([]byte, error) {
	sum, err := HashFile(b.Path)
	if err != nil {
		return nil, err
	}
	got := hex.EncodeToString(sum)
	entry, ok := l.Plugins[b.Name]
	if !ok {
		return nil, fmt.Errorf("%w: %s (sha256 %s) is not listed in %s; run `quiver plugins lock` to trust it",
			ErrNotLocked, b.Path, got, l.path)
	}
	if entry.File != b.File || entry.SHA256 != got {
		return nil, fmt.Errorf("%w: %s has sha256 %s but %s expects %s (file %s); if you rebuilt or upgraded it on purpose, run `quiver plugins lock` to trust the new binary",
			ErrChecksumMismatch, b.Path, got, l.path, entry.SHA256, entry.File)
	}
	return sum, nil
}

// HashFile returns the SHA-256 of the file at path.
func HashFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("hashing plugin binary: %w", err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return nil, fmt.Errorf("hashing plugin binary %s: %w", path, err)
	}
	return h.Sum(nil), nil
}
