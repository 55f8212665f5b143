package bqstore

import (
	"testing"

	"github.com/quiverfs/quiver/sdk/types"
)

// FuzzParseSettings: any store block is accepted or refused, never a panic.
func FuzzParseSettings(f *testing.F) {
	for _, s := range []string{`{"project_id": "my-project"}`, `{"project_id": "p-123456", "labels": {"a": "b"}, "temp_table_expiration": "2h"}`,
		`{"dry_run": false, "maximum_bytes_billed": 10}`, `null`, `[]`, `{"project_id": 1}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		s, err := ParseSettings(raw)
		if err == nil && (s.ProjectID == "" || s.Dataset == "" || s.DryRun == nil) {
			t.Fatalf("accepted %q without defaults: %+v", raw, s)
		}
	})
}

// FuzzSourceNames: a data source's table, query and field mapping are
// accepted only when they can go into SQL quoted.
func FuzzSourceNames(f *testing.F) {
	f.Add("p-123456.d.t", "", "a", "b")
	f.Add("", "SELECT 1", "x`y", "z")
	f.Add("d.t", "", "a\\", "b")
	f.Fuzz(func(t *testing.T, table, query, from, to string) {
		s := &Settings{ProjectID: "my-project", Dataset: "feast"}
		spec := types.DataSourceSpec{Name: "s", Options: map[string]string{}, FieldMapping: map[string]string{from: to}}
		if table != "" {
			spec.Options["table"] = table
		}
		if query != "" {
			spec.Options["query"] = query
		}
		src, err := resolveSource(s, spec)
		if err != nil {
			return
		}
		if !src.isQuery() {
			for _, part := range []string{src.table.Project, src.table.Dataset, src.table.Table} {
				for _, r := range part {
					if r == '`' || r == '.' || r == '\\' || r < 0x20 {
						t.Fatalf("table %q resolved to %s, which SQL cannot quote", table, src.table)
					}
				}
			}
		}
		if checkIdent(from) != nil || checkIdent(to) != nil {
			t.Fatalf("field mapping %q -> %q accepted", from, to)
		}
	})
}

// FuzzReadOwners: any table description parses or not, never a panic.
func FuzzReadOwners(f *testing.F) {
	f.Add(owners{Writers: []string{"p"}}.description())
	f.Add("quiver:{\"writers\":null,\"types\":{\"a\":\"list<float32>\"}}")
	f.Fuzz(func(t *testing.T, desc string) {
		o, ok := readOwners(desc)
		if ok {
			_ = o.narrowed("a", types.Float64)
		}
	})
}
