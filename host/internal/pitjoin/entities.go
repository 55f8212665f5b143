package pitjoin

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	duckdb "github.com/duckdb/duckdb-go/v2"
)

// Engine-owned names in the join's DuckDB connection.
const (
	rowCol       = reserved + "row" // entity row number, input order
	timeCol      = reserved + "t"   // entity time, microseconds since the epoch
	entityTable  = "quiver_entities"
	entityInView = "quiver_entities_in"
)

// numberedReader passes records through with a row-number column appended.
type numberedReader struct {
	src    array.RecordReader
	schema *arrow.Schema
	next   int64
	cur    arrow.RecordBatch
	refs   atomic.Int64
}

func newNumberedReader(src array.RecordReader) *numberedReader {
	fields := append(append([]arrow.Field{}, src.Schema().Fields()...), arrow.Field{Name: rowCol, Type: arrow.PrimitiveTypes.Int64})
	r := &numberedReader{src: src, schema: arrow.NewSchema(fields, nil)}
	r.refs.Store(1)
	return r
}

func (r *numberedReader) Schema() *arrow.Schema { return r.schema }

func (r *numberedReader) Next() bool {
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
	if !r.src.Next() {
		return false
	}
	rec := r.src.RecordBatch()
	n := rec.NumRows()
	b := array.NewInt64Builder(memory.DefaultAllocator)
	defer b.Release()
	b.Reserve(int(n))
	for i := range n {
		b.UnsafeAppend(r.next + i)
	}
	r.next += n
	rows := b.NewArray()
	defer rows.Release()
	r.cur = array.NewRecordBatch(r.schema, append(append([]arrow.Array{}, rec.Columns()...), rows), n)
	return true
}

func (r *numberedReader) RecordBatch() arrow.RecordBatch { return r.cur }

// Record returns the current record.
//
// Deprecated: use RecordBatch.
func (r *numberedReader) Record() arrow.RecordBatch { return r.cur }
func (r *numberedReader) Err() error                { return r.src.Err() }
func (r *numberedReader) Retain()                   { r.refs.Add(1) }
func (r *numberedReader) Release() {
	if r.refs.Add(-1) == 0 && r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
}

// entityStats summarise the loaded entity table.
type entityStats struct {
	rows             int64
	minT, maxT       int64
	hasTime          bool
	timestampColumns []string // entity columns of timestamp type
}

// loadEntities copies the entity records into a temporary table with the
// row number and the entity time in microseconds, and returns its stats.
func loadEntities(ctx context.Context, conn *duckdb.Conn, rd array.RecordReader, tsCol string) (*entityStats, error) {
	ar, err := duckdb.NewArrowFromConn(conn)
	if err != nil {
		return nil, err
	}
	nr := newNumberedReader(rd)
	release, err := ar.RegisterView(nr, entityInView)
	if err != nil {
		return nil, fmt.Errorf("pitjoin: loading the entity table: %w", err)
	}
	q := fmt.Sprintf("CREATE TEMP TABLE %s AS SELECT *, epoch_us(CAST(%s AS TIMESTAMPTZ)) AS %s FROM %s",
		entityTable, ident(tsCol), timeCol, entityInView)
	_, err = conn.ExecContext(ctx, q, nil)
	release()
	if err != nil {
		return nil, fmt.Errorf("pitjoin: loading the entity table: %w", err)
	}
	st := &entityStats{}
	for _, f := range rd.Schema().Fields() {
		if f.Type.ID() == arrow.TIMESTAMP {
			st.timestampColumns = append(st.timestampColumns, f.Name)
		}
	}
	row, err := queryRow(ctx, conn, fmt.Sprintf("SELECT count(*), min(%s), max(%s) FROM %s", timeCol, timeCol, entityTable))
	if err != nil {
		return nil, err
	}
	st.rows = row[0].(int64)
	if row[1] != nil {
		st.minT, st.maxT, st.hasTime = row[1].(int64), row[2].(int64), true
	}
	return st, nil
}
