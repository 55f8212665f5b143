package fileoffline

import (
	"errors"
	"strings"
	"testing"

	"github.com/quiverfs/quiver/host/internal/stores"
	"github.com/quiverfs/quiver/sdk/storeerr"
)

func TestCheckSettingsRejectsWhatConfigureWould(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, raw, key, want string
	}{
		{"no settings are fine", `{}`, "", ""},
		{"known settings are fine", `{"memory_limit": "1GB", "threads": 2}`, "", ""},
		{"an unknown key is named", `{"colour": "blue"}`, "colour", `unknown config key "colour"`},
		{"negative threads are refused", `{"threads": -1}`, "threads", `"threads" must be positive`},
		{"a wrongly typed value is refused", `{"threads": "two"}`, "", "config"},
		{"a memory limit DuckDB cannot read is refused", `{"memory_limit": "lots"}`, "", "DuckDB"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := New().CheckSettings([]byte(tc.raw))
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
}
