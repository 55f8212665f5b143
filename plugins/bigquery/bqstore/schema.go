package bqstore

import (
	"context"
	"fmt"

	"cloud.google.com/go/bigquery"
	"google.golang.org/api/iterator"

	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

// column is one column of a source as BigQuery describes it.
type column struct {
	name     string // the source's own name
	bqType   bigquery.FieldType
	repeated bool
	qtype    types.ValueType // Invalid: no Quiver type
}

// scalarTypes map BigQuery's types onto Quiver's. NUMERIC and BIGNUMERIC
// are read as FLOAT64 and DATETIME as a TIMESTAMP in UTC; other types
// (DATE, TIME, GEOGRAPHY, JSON, RECORD, INTERVAL, RANGE) have no Quiver
// type.
var scalarTypes = map[bigquery.FieldType]types.ValueType{
	bigquery.BooleanFieldType:    types.Bool,
	bigquery.IntegerFieldType:    types.Int64,
	bigquery.FloatFieldType:      types.Float64,
	bigquery.NumericFieldType:    types.Float64,
	bigquery.BigNumericFieldType: types.Float64,
	bigquery.StringFieldType:     types.String,
	bigquery.BytesFieldType:      types.Bytes,
	bigquery.TimestampFieldType:  types.Timestamp,
	bigquery.DateTimeFieldType:   types.Timestamp,
}

// quiverType maps a BigQuery field; repeated fields become lists.
func quiverType(f *bigquery.FieldSchema) types.ValueType {
	t, ok := scalarTypes[f.Type]
	if !ok {
		return types.Invalid
	}
	if f.Repeated {
		return t + 10
	}
	return t
}

// columns returns a source's columns in order, with an index by name. A
// table WriteBatch created keeps the float32 and int32 types it was
// written with (see owners).
func (s *Store) columns(ctx context.Context, c *conn, src *source) ([]column, map[string]column, error) {
	var schema bigquery.Schema
	var marker owners
	if src.isQuery() {
		var err error
		if schema, err = c.querySchema(ctx, src); err != nil {
			return nil, nil, err
		}
	} else {
		md, err := c.table(src.table).Metadata(ctx)
		if err != nil {
			return nil, nil, bqError("reading the columns of "+src.String(), err)
		}
		schema = md.Schema
		marker, _ = readOwners(md.Description)
	}
	cols := make([]column, 0, len(schema))
	byName := make(map[string]column, len(schema))
	for _, f := range schema {
		col := column{name: f.Name, bqType: f.Type, repeated: f.Repeated, qtype: marker.narrowed(f.Name, quiverType(f))}
		cols = append(cols, col)
		byName[f.Name] = col
	}
	return cols, byName, nil
}

// GetSourceSchema implements offlinestore.Store: the source's columns of a
// Quiver type, under their mapped names, in source order.
func (s *Store) GetSourceSchema(ctx context.Context, req *offlinestore.GetSourceSchemaRequest) (*offlinestore.GetSourceSchemaResponse, error) {
	c, err := s.conn()
	if err != nil {
		return nil, err
	}
	src, err := resolveSource(&c.settings, req.Source)
	if err != nil {
		return nil, storeerr.InvalidArgument("bigquery offline store: %v", err)
	}
	ctx, cancel := c.withTimeout(ctx)
	defer cancel()
	cols, _, err := s.columns(ctx, c, src)
	if err != nil {
		return nil, err
	}
	resp := &offlinestore.GetSourceSchemaResponse{Columns: []types.Field{}}
	for _, col := range cols {
		if col.qtype == types.Invalid {
			continue
		}
		resp.Columns = append(resp.Columns, types.Field{Name: src.mapped(col.name), Type: col.qtype})
	}
	return resp, nil
}

// selectExpr is the SQL reading a source column as its Quiver type:
// NUMERIC as FLOAT64, DATETIME and DATE as TIMESTAMP (UTC), element by element in
// arrays.
func selectExpr(col column, ref string) string {
	var conv func(string) string
	switch col.bqType {
	case bigquery.NumericFieldType, bigquery.BigNumericFieldType:
		conv = func(x string) string { return "CAST(" + x + " AS FLOAT64)" }
	case bigquery.DateTimeFieldType, bigquery.DateFieldType:
		conv = func(x string) string { return "TIMESTAMP(" + x + ")" }
	default:
		return ref
	}
	if col.repeated {
		return fmt.Sprintf("ARRAY(SELECT %s FROM UNNEST(%s) AS quiver_x WITH OFFSET AS quiver_o ORDER BY quiver_o)", conv("quiver_x"), ref)
	}
	return conv(ref)
}

// timeExpr is the SQL of a time column as a TIMESTAMP, for comparisons:
// a TIMESTAMP column as it is (so partition pruning applies).
func timeExpr(col column, ref string) (string, error) {
	switch {
	case col.repeated:
		return "", fmt.Errorf("column %s is an array, not a timestamp", col.name)
	case col.bqType == bigquery.TimestampFieldType:
		return ref, nil
	case col.bqType == bigquery.DateTimeFieldType, col.bqType == bigquery.DateFieldType:
		return "TIMESTAMP(" + ref + ")", nil
	}
	return "", fmt.Errorf("column %s is %s, not TIMESTAMP, DATETIME or DATE", col.name, col.bqType)
}

// querySchema returns a query source's columns: from a dry run, which
// costs nothing, else (an emulator's dry run may give none) from running
// it with LIMIT 0.
func (c *conn) querySchema(ctx context.Context, src *source) (bigquery.Schema, error) {
	what := "reading the columns of " + src.String()
	sql := "SELECT * FROM " + src.from()
	q := c.query(sql)
	q.DryRun = true
	job, err := q.Run(ctx)
	if err != nil {
		return nil, bqError(what, err)
	}
	if st := job.LastStatus(); st != nil && st.Statistics != nil {
		if qs, ok := st.Statistics.Details.(*bigquery.QueryStatistics); ok && len(qs.Schema) > 0 {
			return qs.Schema, nil
		}
	}
	it, err := c.query(sql + " LIMIT 0").Read(ctx)
	if err != nil {
		return nil, bqError(what, err)
	}
	var row []bigquery.Value
	if err := it.Next(&row); err != nil && err != iterator.Done {
		return nil, bqError(what, err)
	}
	return it.Schema, nil
}
