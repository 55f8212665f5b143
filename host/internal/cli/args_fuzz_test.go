package cli

import (
	"strings"
	"testing"
	"time"

	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/host/internal/service"
	"github.com/quiverfs/quiver/sdk/types"
)

// FuzzCommandLineValues feeds arbitrary text to the parsers of command
// line values: --entity KEY=VALUE, times (materialize) and inline query
// vectors. None may panic; what they accept must be well formed.
func FuzzCommandLineValues(f *testing.F) {
	for _, s := range []string{"driver_id=1001", "customer_id=c1", "driver_id={\"a\":1}", "=1", "now", "2025-03-01T00:00:00+02:00",
		"2025-03-01 10:00:00", "0001-01-01", "[1, 2.5, -3e38]", "[1e39]", "[]", "[" + strings.Repeat("[", 100)} {
		f.Add(s)
	}
	repo := model.NewRepo("demo")
	repo.Add(&model.Entity{Name: "driver", JoinKeys: []string{"driver_id"}, ValueType: types.Int64})
	repo.Add(&model.Entity{Name: "customer", JoinKeys: []string{"customer_id"}, ValueType: types.String})
	f.Fuzz(func(t *testing.T, s string) {
		if order, cols, err := parseEntities(repo, []string{s, s}); err == nil {
			if len(order) != 1 || len(cols[order[0]]) != 2 {
				t.Fatalf("two --entity %q gave columns %v %v", s, order, cols)
			}
		}
		if tm, err := service.ParseTimeOrNow("START", s, time.Now()); err == nil && tm.Location() != time.UTC {
			t.Fatalf("ParseTimeOrNow(%q) = %v, not UTC", s, tm)
		}
		if strings.HasPrefix(strings.TrimSpace(s), "[") { // not a file name
			if v, err := parseQueryVector(s); err == nil && len(v) == 0 {
				t.Fatalf("parseQueryVector(%q) accepted an empty vector", s)
			}
		}
	})
}
