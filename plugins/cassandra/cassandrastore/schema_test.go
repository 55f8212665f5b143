package cassandrastore_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/quiverfs/quiver/plugins/cassandra/cassandrastore"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

// TestSchemaChange applies a view, writes, and applies changed versions of
// it: an added feature keeps the rows (the new feature reads null), a
// removed feature can no longer be read, and a changed type recreates the
// table (its rows are gone, the new type is written and read back).
func TestSchemaChange(t *testing.T) {
	s := newStore(t, testAddr(t), nil)
	project := fmt.Sprintf("schema_%d", time.Now().UnixNano()%1e9)
	t.Cleanup(func() { teardown(t, s, project) })
	a := types.Field{Name: "a", Type: types.Int64}
	b := types.Field{Name: "b", Type: types.String}
	apply(t, s, project, statsView("v", a, b))
	row := func(vals ...types.Value) onlinestore.WriteRow {
		return onlinestore.WriteRow{EntityKey: driver(1), EventTimestamp: base, Values: vals}
	}
	if err := write(t, s, project, "v", []string{"a", "b"}, row(types.Int64Value(7), types.StringValue("x"))); err != nil {
		t.Fatal(err)
	}

	c := types.Field{Name: "c", Type: types.Float64List}
	apply(t, s, project, statsView("v", a, b, c))
	got := read(t, s, project, "v", []string{"a", "b", "c"}, driver(1))[0]
	if !got.Found || got.Values[0].Int64() != 7 || got.Values[1].Str() != "x" || !got.Values[2].IsNull() {
		t.Fatalf("after adding c: %v (found %v), want [7 x null]", got.Values, got.Found)
	}

	apply(t, s, project, statsView("v", a, c))
	_, err := s.Read(ctx(t), &onlinestore.ReadRequest{Project: project,
		Views: []onlinestore.ReadView{{FeatureView: "v", Features: []string{"b"}, EntityKeys: []types.EntityKey{driver(1)}}}})
	if !errors.Is(err, storeerr.ErrInvalidArgument) {
		t.Fatalf("reading removed feature b: %v, want InvalidArgument", err)
	}
	if got := read(t, s, project, "v", []string{"a"}, driver(1))[0]; !got.Found || got.Values[0].Int64() != 7 {
		t.Fatalf("after removing b: %v, want a = 7 kept", got.Values)
	}

	aTime := types.Field{Name: "a", Type: types.Timestamp} // bigint like int64: the comment tells them apart
	apply(t, s, project, statsView("v", aTime, c))
	if got := read(t, s, project, "v", []string{"a"}, driver(1))[0]; got.Found {
		t.Fatalf("after changing a's type: found %v, want the table recreated empty", got.Values)
	}
	when := types.TimestampValue(base.Add(1500 * time.Microsecond))
	if err := write(t, s, project, "v", []string{"a", "c"}, row(when, types.Float64ListValue([]float64{0.5}))); err != nil {
		t.Fatal(err)
	}
	if got := read(t, s, project, "v", []string{"a", "c"}, driver(1))[0]; !got.Values[0].Equal(when) {
		t.Fatalf("a after the type change: %s (%s), want %s", got.Values[0], got.Values[0].Type(), when)
	}
	err = write(t, s, project, "v", []string{"a", "c"}, row(types.Int64Value(1), types.Null()))
	if !errors.Is(err, storeerr.ErrInvalidArgument) {
		t.Fatalf("writing an int64 to the timestamp feature: %v, want InvalidArgument", err)
	}
}

// TestTeardownLeavesOtherProjects tears down one project of three whose
// names and views look alike ("iso", "iso_x" and "iso" + "_x" view
// names), next to a table the store did not create, and checks that only
// the torn-down project's tables went.
func TestTeardownLeavesOtherProjects(t *testing.T) {
	s := newStore(t, testAddr(t), nil)
	p := fmt.Sprintf("iso%d", time.Now().UnixNano()%1e9)
	f := types.Field{Name: "n", Type: types.Int64}
	projects := []struct{ project, view string }{{p, "x_v"}, {p + "_x", "v"}, {p + "x", "_v"}}
	for _, pv := range projects {
		apply(t, s, pv.project, statsView(pv.view, f))
		t.Cleanup(func() { teardown(t, s, pv.project) })
		row := onlinestore.WriteRow{EntityKey: driver(1), EventTimestamp: base, Values: []types.Value{types.Int64Value(1)}}
		if err := write(t, s, pv.project, pv.view, []string{"n"}, row); err != nil {
			t.Fatal(err)
		}
	}
	sess := session(t)
	foreign := "handmade_" + p
	if err := sess.Query(`CREATE TABLE IF NOT EXISTS "` + testKeyspace + `"."` + foreign + `" (k int PRIMARY KEY, comment text)`).Exec(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sess.Query(`DROP TABLE IF EXISTS "` + testKeyspace + `"."` + foreign + `"`).Exec() })

	teardown(t, s, p)
	for i, pv := range projects {
		got := read(t, s, pv.project, pv.view, []string{"n"}, driver(1))[0]
		if i == 0 && got.Found {
			t.Errorf("project %s view %s: found after its teardown", pv.project, pv.view)
		}
		if i > 0 && !got.Found {
			t.Errorf("project %s view %s: gone after the teardown of project %s", pv.project, pv.view, p)
		}
	}
	var n int
	if err := sess.Query(`SELECT count(*) FROM system_schema.tables WHERE keyspace_name = ? AND table_name IN ?`,
		testKeyspace, []string{foreign, cassandrastore.TableName(p+"_x", "v")}).Scan(&n); err != nil || n != 2 {
		t.Errorf("tables of others after the teardown: %d of 2 (%v)", n, err)
	}
}

// TestApplyLeavesAForeignTableOfTheSameNameAlone puts a table the store did
// not create where a view's table would go: ApplyInfra must refuse, naming
// it, and neither drop nor change it.
func TestApplyLeavesAForeignTableOfTheSameNameAlone(t *testing.T) {
	s := newStore(t, testAddr(t), nil)
	project := fmt.Sprintf("foreign_%d", time.Now().UnixNano()%1e9)
	table := `"` + testKeyspace + `"."` + cassandrastore.TableName(project, "v") + `"`
	sess := session(t)
	if err := sess.Query(`CREATE TABLE IF NOT EXISTS ` + table + ` (k int PRIMARY KEY, x text) WITH comment = 'hand-made'`).Exec(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sess.Query(`DROP TABLE IF EXISTS ` + table).Exec() })
	if err := sess.Query(`INSERT INTO ` + table + ` (k, x) VALUES (1, 'keep me')`).Exec(); err != nil {
		t.Fatal(err)
	}
	_, err := s.ApplyInfra(ctx(t), &onlinestore.ApplyInfraRequest{Project: project,
		ViewsToKeep: []types.FeatureViewSpec{statsView("v", types.Field{Name: "n", Type: types.Int64})}})
	if !errors.Is(err, storeerr.ErrInvalidArgument) || !strings.Contains(err.Error(), "left alone") {
		t.Fatalf("ApplyInfra over a foreign table: %v, want InvalidArgument saying it is left alone", err)
	}
	var x string
	if err := sess.Query(`SELECT x FROM ` + table + ` WHERE k = 1`).Scan(&x); err != nil || x != "keep me" {
		t.Fatalf("the foreign table after ApplyInfra: %q, %v", x, err)
	}
}
