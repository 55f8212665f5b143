package sqliteonline

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/quiverfs/quiver/host/internal/stores"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
)

func TestCheckSettingsRejectsWhatConfigureWouldWithoutCreatingAnything(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, path, extra, key, want string
	}{
		{"a new file in a new folder is fine", filepath.Join(dir, "a", "b", "x.db"), "", "", ""},
		{"an existing file is fine", file, "", "", ""},
		{"an unknown setting names its key", filepath.Join(dir, "x.db"), `, "colour": "blue"`, "colour", `unknown setting "colour"`},
		{"the root is a directory", "/", "", "path", "is a directory"},
		{"a folder is a directory", dir, "", "path", "is a directory"},
		{"a folder under a file cannot be created", filepath.Join(file, "sub", "x.db"), "", "path", "is not a directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := New().CheckSettings([]byte(`{"path": ` + strconv.Quote(tc.path) + tc.extra + `}`))
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("CheckSettings = %v, want nil", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("CheckSettings = %v, want %q", err, tc.want)
			case tc.want != "" && (stores.KeyOf(err) != tc.key || !errors.Is(err, storeerr.ErrInvalidArgument)):
				t.Errorf("CheckSettings = %v: key %q, want %q, InvalidArgument", err, stores.KeyOf(err), tc.key)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "a")); !os.IsNotExist(err) {
		t.Errorf("CheckSettings created a folder (stat: %v)", err)
	}
}

func TestConfigureRefusesADirectoryAsItsFile(t *testing.T) {
	t.Parallel()
	_, err := New().Configure(context.Background(), &onlinestore.ConfigureRequest{Config: []byte(`{"path": "/"}`)})
	if err == nil || !strings.Contains(err.Error(), "is a directory") || !errors.Is(err, storeerr.ErrInvalidArgument) {
		t.Errorf("Configure = %v, want InvalidArgument: is a directory", err)
	}
}
