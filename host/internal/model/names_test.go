package model

import (
	"strings"
	"testing"
)

func TestCheckNameAcceptsOnlyPlainNames(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		want string // "" for a valid name
	}{
		{"driver", ""},
		{"driver_hourly_stats", ""},
		{"_private", ""},
		{"v2", ""},
		{"2024_sales", ""},
		{strings.Repeat("a", MaxNameLen), ""},
		{"", "is empty"},
		{strings.Repeat("a", MaxNameLen+1), "(256 characters) is too long"},
		{strings.Repeat("a", 200_000), "(200000 characters) is too long"},
		{"../../../etc/passwd", `"../../../etc/passwd" may hold only`},
		{"x'; DROP TABLE", `"x'; DROP TABLE" may hold only`},
		{"two words", "may hold only"},
		{`quo"te`, "may hold only"},
		{"a/b", "may hold only"},
		{`a\b`, "may hold only"},
		{"tab\there", `"tab\there" may hold only`},
		{"nul\x00", `"nul\x00" may hold only`},
		{"dash-name", "may hold only"},
		{"dot.name", "may hold only"},
		{"view:feature", "may hold only"},
		{"café", "may hold only"},
	} {
		err := CheckName(tc.name)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("CheckName(%.40q) = %v, want nil", tc.name, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("CheckName(%.40q) = %v, want %q", tc.name, err, tc.want)
		case err != nil && len(err.Error()) > 200:
			t.Errorf("CheckName(%.40q): the message is %d bytes long", tc.name, len(err.Error()))
		}
	}
}
