package frame

import (
	"fmt"
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
	// Ignored are the frame's columns no layout knows, in request order.
	Ignored []string
}

// Decode types every column of f with the first layout that knows it. A
// column no layout knows is left out and listed in Table.Ignored, as
// Feast's feature server ignores it (Feast's client adds event_timestamp
// and created columns to every write, whatever the view has); every
// column must still have as many values as the others.
func Decode(f Frame, layouts ...*Layout) (*Table, error) {
	if len(f.Columns) == 0 {
		return nil, apierr.Invalid("df has no columns")
	}
	t := &Table{Rows: len(f.Data[f.Columns[0]])}
	for _, name := range f.Columns {
		raw := f.Data[name]
		if len(raw) != t.Rows {
			return nil, apierr.Invalid("df columns differ in length: %s has %d values, %s has %d", f.Columns[0], t.Rows, name, len(raw))
		}
		typ, ok := columnType(name, layouts)
		if !ok {
			t.Ignored = append(t.Ignored, name)
			continue
		}
		col := make([]types.Value, len(raw))
		for r, v := range raw {
			val, err := valuejson.Decode(v, typ)
			if err != nil {
				return nil, apierr.Invalid("df column %s, row %d: %v", name, r, err)
			}
			col[r] = val
		}
		t.Names, t.Types, t.Cols = append(t.Names, name), append(t.Types, typ), append(t.Cols, col)
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
