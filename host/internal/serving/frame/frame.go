package frame

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/quiverfs/quiver/host/internal/apierr"
	"github.com/quiverfs/quiver/host/internal/valuejson"
	"github.com/quiverfs/quiver/sdk/types"
)

// Frame is a table given column by column, as a request carries it.
type Frame struct {
	// Columns lists the column names in request order.
	Columns []string
	// Data holds each column's raw JSON values (numbers as json.Number).
	Data map[string][]any
}

// Layout says how one feature view reads a frame.
type Layout struct {
	// View is the feature view's name. Required.
	View string
	// JoinKeys and Features are the view's fields, in view order.
	JoinKeys []types.Field
	Features []types.Field
	// EventColumn names the event timestamp column. Required.
	EventColumn string
	// CreatedColumn names the created timestamp column; optional.
	CreatedColumn string
	// Rename maps a column name to a field name (the field mappings of
	// the view's sources and of the view). Optional.
	Rename map[string]string
	// CheckTime refuses an event or created timestamp outside the accepted
	// window; its error is reported with the column and row. Optional.
	CheckTime func(time.Time) error
}

// field returns the name a column stands for in this view.
func (l *Layout) field(col string) string {
	if to, ok := l.Rename[col]; ok {
		return to
	}
	return col
}

// ColumnType returns the type this view gives a column, if it knows it.
func (l *Layout) ColumnType(col string) (types.ValueType, bool) {
	if col == l.EventColumn || (col == l.CreatedColumn && col != "") {
		return types.Timestamp, true
	}
	name := l.field(col)
	for _, f := range l.JoinKeys {
		if f.Name == name {
			return f.Type, true
		}
	}
	for _, f := range l.Features {
		if f.Name == name {
			return f.Type, true
		}
	}
	return types.Invalid, false
}

// Table is a decoded frame: typed columns of equal length.
type Table struct {
	Names []string
	Types []types.ValueType
	Cols  [][]types.Value
	Rows  int
}

// Decode types every column of f with the first layout that knows it.
// A column no layout knows is an error naming it and the known columns.
func Decode(f Frame, layouts ...*Layout) (*Table, error) {
	if len(f.Columns) == 0 {
		return nil, apierr.Invalid("df has no columns")
	}
	t := &Table{Names: f.Columns, Types: make([]types.ValueType, len(f.Columns)), Cols: make([][]types.Value, len(f.Columns))}
	t.Rows = len(f.Data[f.Columns[0]])
	for i, name := range f.Columns {
		typ, ok := columnType(name, layouts)
		if !ok {
			return nil, apierr.Invalid("df column %q is not a join key, feature or timestamp column of %s; known columns: %s",
				name, viewNames(layouts), strings.Join(knownColumns(layouts), ", "))
		}
		raw := f.Data[name]
		if len(raw) != t.Rows {
			return nil, apierr.Invalid("df columns differ in length: %s has %d values, %s has %d", f.Columns[0], t.Rows, name, len(raw))
		}
		col := make([]types.Value, len(raw))
		for r, v := range raw {
			val, err := valuejson.Decode(v, typ)
			if err != nil {
				return nil, apierr.Invalid("df column %s, row %d: %v", name, r, err)
			}
			col[r] = val
		}
		t.Types[i], t.Cols[i] = typ, col
	}
	return t, nil
}

func columnType(name string, layouts []*Layout) (types.ValueType, bool) {
	for _, l := range layouts {
		if t, ok := l.ColumnType(name); ok {
			return t, true
		}
	}
	return types.Invalid, false
}

func viewNames(layouts []*Layout) string {
	names := make([]string, len(layouts))
	for i, l := range layouts {
		names[i] = "feature view " + l.View
	}
	if len(names) == 0 {
		return "no feature view"
	}
	return strings.Join(names, ", ")
}

// knownColumns lists the field names and timestamp columns of the layouts.
func knownColumns(layouts []*Layout) []string {
	seen := map[string]bool{}
	for _, l := range layouts {
		for _, f := range append(append([]types.Field{}, l.JoinKeys...), l.Features...) {
			seen[f.Name] = true
		}
		seen[l.EventColumn] = true
		if l.CreatedColumn != "" {
			seen[l.CreatedColumn] = true
		}
	}
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// column returns the index of the column standing for field name in l.
func (t *Table) column(l *Layout, name string) int {
	for i, n := range t.Names {
		if l.field(n) == name {
			return i
		}
	}
	return -1
}

// errMissing names a missing column and the columns given.
func (t *Table) errMissing(what, name, view string) error {
	return apierr.Invalid("feature view %s needs %s column %q; the df gives %v", view, what, name, t.Names)
}

// describe is used in messages about a column's values.
func describe(col string, row int) string { return fmt.Sprintf("df column %s, row %d", col, row) }
