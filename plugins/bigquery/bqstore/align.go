package bqstore

import (
	"fmt"
	"strings"

	"cloud.google.com/go/bigquery"
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// alignment lays records out as a table's columns, by name: a load job
// then needs no column matching of its own (emulators match by position).
type alignment struct {
	schema *arrow.Schema // the table's columns, as the records' types or null columns
	src    []int         // record column of each table column; -1: all null
}

// nullTypes are the Arrow types of null columns for a table's columns the
// records lack.
var nullTypes = map[bigquery.FieldType]arrow.DataType{
	bigquery.BooleanFieldType: arrow.FixedWidthTypes.Boolean, bigquery.IntegerFieldType: arrow.PrimitiveTypes.Int64,
	bigquery.FloatFieldType: arrow.PrimitiveTypes.Float64, bigquery.StringFieldType: arrow.BinaryTypes.String,
	bigquery.BytesFieldType: arrow.BinaryTypes.Binary, bigquery.TimestampFieldType: tsType,
	bigquery.DateFieldType: arrow.FixedWidthTypes.Date32,
}

// alignTo maps records of schema in onto table's columns. A record column
// the table lacks is an error; a table column the records lack is null
// (it must be NULLABLE or REPEATED, of a type with a null column above).
func alignTo(in *arrow.Schema, table bigquery.Schema) (*alignment, error) {
	a := &alignment{}
	byName := map[string]int{}
	for i, f := range in.Fields() {
		byName[f.Name] = i
	}
	var fields []arrow.Field
	used := map[string]bool{}
	for _, col := range table {
		if i, ok := byName[col.Name]; ok {
			used[col.Name] = true
			a.src = append(a.src, i)
			fields = append(fields, in.Field(i))
			continue
		}
		dt, ok := nullTypes[col.Type]
		if !ok || col.Required {
			return nil, fmt.Errorf("the records lack column %s (%s), which cannot be left null", col.Name, col.Type)
		}
		if col.Repeated {
			dt = arrow.ListOf(dt)
		}
		a.src = append(a.src, -1)
		fields = append(fields, arrow.Field{Name: col.Name, Type: dt, Nullable: true})
	}
	var extra []string
	for _, f := range in.Fields() {
		if !used[f.Name] {
			extra = append(extra, f.Name)
		}
	}
	if len(extra) > 0 {
		return nil, fmt.Errorf("the table has no column %s", strings.Join(extra, ", "))
	}
	a.schema = arrow.NewSchema(fields, nil)
	return a, nil
}

// apply lays one record out; the caller releases the result.
func (a *alignment) apply(rec arrow.RecordBatch) (arrow.RecordBatch, error) {
	cols := make([]arrow.Array, len(a.src))
	for i, j := range a.src {
		if j < 0 {
			cols[i] = array.MakeArrayOfNull(memory.DefaultAllocator, a.schema.Field(i).Type, int(rec.NumRows()))
		} else {
			cols[i] = rec.Column(j)
			cols[i].Retain()
		}
	}
	out := array.NewRecordBatch(a.schema, cols, rec.NumRows())
	for _, c := range cols {
		c.Release()
	}
	return out, nil
}
