package cassandrastore

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	gocql "github.com/apache/cassandra-gocql-driver/v2"
	"golang.org/x/sync/errgroup"

	"github.com/quiverfs/quiver/sdk/codec"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

// minMicros is the event time of 0001-01-01T00:00:00Z in µs; write
// timestamps count from it, so every event Quiver can hold gives a
// non-negative one.
var minMicros = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC).UnixMicro()

// WriteBatch implements onlinestore.Store. Newer-wins without reading
// first (docs/cassandra.md): each row inserts itself under the clustering
// key (event, created, write id), newest first, and deletes every row of
// its partition ordered after it, both at a write timestamp derived from
// its event time, so a late row older than the stored one lands under the
// stored row's deletion and is never seen; Cassandra applies the two
// atomically and in isolation (one partition of an unlogged batch). Reads
// take the partition's first row. Within the request the newest row per
// key is the only one written; rows of distinct keys share batches
// (write_batch_rows).
func (s *Store) WriteBatch(ctx context.Context, req *onlinestore.WriteBatchRequest) (*onlinestore.WriteBatchResponse, error) {
	c, sess, err := s.open(ctx)
	if err != nil {
		return nil, err
	}
	t, err := c.table(ctx, sess, req.Project, req.FeatureView)
	if errors.Is(err, errNoTable) {
		return nil, storeerr.NotFound("feature view %q of project %q is not applied", req.FeatureView, req.Project)
	}
	if err != nil {
		return nil, err
	}
	fields, err := t.fieldsOf(req.FeatureNames)
	if err != nil {
		return nil, err
	}
	rows := make([]keyedRow, 0, len(req.Rows))
	for i := range req.Rows {
		r := &req.Rows[i]
		if err := checkRow(t, fields, r); err != nil {
			return nil, err
		}
		rows = append(rows, keyedRow{key: codec.EncodeEntityKey(r.EntityKey), row: r})
	}
	rows = newestPerKey(rows)
	insert, del := c.writeStatements(t, fields)
	group := c.settings.WriteBatchRows
	if t.vectorIndexed {
		group = 1 // the SAI vector index takes few writes at once
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(c.settings.WriteConcurrency)
	for lo := 0; lo < len(rows); {
		hi, size := lo+1, rowSize(rows[lo])
		for hi < len(rows) && hi-lo < group {
			next := rowSize(rows[hi])
			if size+next > maxBatchBytes {
				break
			}
			size += next
			hi++
		}
		part := rows[lo:hi]
		g.Go(func() error { return c.writeRows(gctx, sess, t, insert, del, fields, part) })
		lo = hi
	}
	if err := g.Wait(); err != nil {
		return nil, storeError(c.name, "writing view "+req.FeatureView, err)
	}
	return &onlinestore.WriteBatchResponse{RowsReceived: int64(len(req.Rows))}, nil
}

// maxBatchBytes bounds the estimated size of a batch of several rows:
// Cassandra refuses multi-partition batches over batch_size_fail_threshold
// (50 KiB by default). A row larger than this is a batch of its own.
const maxBatchBytes = 24 << 10

// rowSize estimates the bytes a row adds to a batch: its values, key and
// timestamps, and some overhead per cell.
func rowSize(r keyedRow) int {
	n := 64 + 2*len(r.key)
	for _, v := range r.row.Values {
		n += 16 + valueSize(v)
	}
	return n
}

// valueSize is the size of a value's CQL encoding, roughly.
func valueSize(v types.Value) int {
	switch v.Type() {
	case types.Invalid:
		return 0
	case types.String:
		return len(v.Str())
	case types.Bytes:
		return len(v.BytesVal())
	case types.BoolList:
		return 4 + 5*len(v.BoolList())
	case types.Int32List, types.Float32List:
		return 4 + 8*max(len(v.Int32List()), len(v.Float32List()))
	case types.Int64List, types.TimestampList, types.Float64List:
		return 4 + 12*max(len(v.Int64List()), len(v.Float64List()))
	case types.StringList:
		n := 4
		for _, s := range v.StringList() {
			n += 4 + len(s)
		}
		return n
	case types.BytesList:
		n := 4
		for _, b := range v.BytesList() {
			n += 4 + len(b)
		}
		return n
	}
	return 8
}

// keyedRow is a row with its encoded entity key.
type keyedRow struct {
	key []byte
	row *onlinestore.WriteRow
}

// newestPerKey keeps, for each key, the row with the greatest (event,
// created) pair; of equal pairs, the later one.
func newestPerKey(rows []keyedRow) []keyedRow {
	at := make(map[string]int, len(rows))
	out := rows[:0:0]
	for _, r := range rows {
		i, ok := at[string(r.key)]
		if !ok {
			at[string(r.key)] = len(out)
			out = append(out, r)
			continue
		}
		old := out[i].row
		if !r.row.EventTimestamp.Before(old.EventTimestamp) &&
			(r.row.EventTimestamp.After(old.EventTimestamp) || !r.row.CreatedTimestamp.Before(old.CreatedTimestamp)) {
			out[i] = r
		}
	}
	return out
}

// fieldsOf returns the features named, or InvalidArgument naming an unknown one.
func (t *tableInfo) fieldsOf(names []string) ([]featureInfo, error) {
	out := make([]featureInfo, len(names))
	for i, n := range names {
		f, ok := t.features[n]
		if !ok {
			return nil, storeerr.InvalidArgument("feature view %s has no feature %q", t.view, n)
		}
		out[i] = f
	}
	return out, nil
}

// checkRow validates a row against the view before anything is written.
func checkRow(t *tableInfo, fields []featureInfo, r *onlinestore.WriteRow) error {
	if len(r.Values) != len(fields) {
		return storeerr.InvalidArgument("row of view %s has %d values for %d features", t.view, len(r.Values), len(fields))
	}
	if r.EventTimestamp.IsZero() {
		return storeerr.InvalidArgument("row %s of view %s has no event timestamp", r.EntityKey, t.view)
	}
	if r.EventTimestamp.UnixMicro() < minMicros {
		return storeerr.InvalidArgument("row %s of view %s has an event timestamp before year 1", r.EntityKey, t.view)
	}
	for i, f := range fields {
		v := r.Values[i]
		if v.IsNull() {
			continue
		}
		if v.Type() != f.field.Type {
			return storeerr.InvalidArgument("feature %s of view %s is %s, got a %s value", f.field.Name, t.view, f.field.Type, v.Type())
		}
		if f.field.Vector != nil && vectorLen(v) != f.field.Vector.Dimension {
			return storeerr.InvalidArgument("vector %s of view %s has dimension %d, want %d", f.field.Name, t.view, vectorLen(v), f.field.Vector.Dimension)
		}
		if f.index == indexSAI {
			if err := checkSAIVector(v.Float32List(), f.field.Vector.Metric); err != nil {
				return storeerr.InvalidArgument("vector %s of row %s of view %s: %s", f.field.Name, r.EntityKey, t.view, err)
			}
		}
	}
	return nil
}

// writeStatements renders the INSERT and the range DELETE of a view's
// rows, each at a write timestamp of its own (the first argument).
func (c *conn) writeStatements(t *tableInfo, fields []featureInfo) (insert, del string) {
	cols := []string{colKey, colEvent, colCreated, colWriteID}
	for _, k := range t.joinKeys {
		cols = append(cols, quoteIdent(k.Name))
	}
	for _, f := range fields {
		cols = append(cols, quoteIdent(f.field.Name))
	}
	insert = "INSERT INTO " + t.qualName + " (" + strings.Join(cols, ", ") + ") VALUES (?" + strings.Repeat(", ?", len(cols)-1) +
		") USING TIMESTAMP ?"
	if c.settings.KeyTTLSeconds > 0 {
		// Cassandra counts TTLs in whole seconds from the current second,
		// so one more keeps a row at least key_ttl_seconds.
		insert += fmt.Sprintf(" AND TTL %d", c.settings.KeyTTLSeconds+1)
	}
	del = "DELETE FROM " + t.qualName + " USING TIMESTAMP ? WHERE " + colKey + " = ? AND (" + colEvent + ", " + colCreated + ", " +
		colWriteID + ") < (?, ?, ?)"
	return insert, del
}

// writeRows writes rows of distinct keys as one unlogged batch: for each
// row, its INSERT and its range DELETE at the row's write timestamp.
// Cassandra applies each partition's part of a batch atomically and in
// isolation, which is all newer-wins needs; one batch of several rows
// saves round trips (write_batch_rows).
func (c *conn) writeRows(ctx context.Context, sess *gocql.Session, t *tableInfo, insert, del string, fields []featureInfo, rows []keyedRow) error {
	b := sess.Batch(gocql.UnloggedBatch).WithContext(ctx)
	b.SetConsistency(c.writeCL)
	for _, r := range rows {
		event := r.row.EventTimestamp.UnixMicro()
		created := createdMicros(r.row.CreatedTimestamp)
		ts := event - minMicros
		id := gocql.TimeUUID()
		args := make([]any, 0, 5+len(t.joinKeys)+len(fields))
		args = append(args, r.key, event, created, id)
		for _, k := range t.joinKeys {
			args = append(args, cqlArg{v: joinKeyValue(r.row.EntityKey, k)})
		}
		for i, f := range fields {
			args = append(args, cqlArg{v: r.row.Values[i], vector: f.field.Vector != nil})
		}
		b.Query(insert, append(args, ts)...)
		b.Query(del, ts, r.key, event, created, id)
	}
	if t.vectorIndexed {
		release, err := c.vectorWriteSlot(ctx, t.name)
		if err != nil {
			return err
		}
		defer release()
	}
	for attempt := 0; ; attempt++ {
		err := b.Exec()
		if err == nil || !retryableWrite(err) || attempt == writeRetries {
			return err
		}
		// The same batch again is harmless (same write ids, same timestamps).
		select {
		case <-ctx.Done():
			return err
		case <-time.After(time.Duration(25<<attempt) * time.Millisecond):
		}
	}
}

// writeRetries is how often a write the cluster failed, timed out or
// refused as overloaded is tried again (after 25 ms, 50 ms, ... 1.6 s):
// a busy node times writes out under load, and Cassandra 5.0's SAI vector
// index fails writes that arrive together beyond a small per-index limit.
// A node that accepts no connection is not retried: that fails fast.
const writeRetries = 7

// retryableWrite reports whether a write may succeed when sent again.
func retryableWrite(err error) bool {
	var re gocql.RequestError
	if errors.As(err, &re) {
		switch re.Code() {
		case gocql.ErrCodeWriteFailure, gocql.ErrCodeWriteTimeout, gocql.ErrCodeOverloaded:
			return true
		}
		return false
	}
	return errors.Is(err, gocql.ErrTimeoutNoResponse)
}

// vectorWriteSlot waits for one of the vector_write_concurrency slots of a
// table with an SAI vector index, and returns its release.
func (c *conn) vectorWriteSlot(ctx context.Context, table string) (func(), error) {
	c.slotsMu.Lock()
	sem, ok := c.vectorSlots[table]
	if !ok {
		sem = make(chan struct{}, c.settings.VectorWriteConcurrency)
		c.vectorSlots[table] = sem
	}
	c.slotsMu.Unlock()
	select {
	case sem <- struct{}{}:
		return func() { <-sem }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// maxSAIComponent is the largest magnitude Cassandra's SAI vector index
// takes in a vector (so that dot products cannot overflow).
const maxSAIComponent = 1e17

// checkSAIVector refuses what Cassandra's SAI vector index refuses: a
// component that is not finite or larger than 1e17 in magnitude, and, for
// cosine, a vector of zeros. A FLAT field keeps any vector.
func checkSAIVector(v []float32, m types.DistanceMetric) error {
	zero := true
	for i, x := range v {
		if math.IsNaN(float64(x)) || math.Abs(float64(x)) > maxSAIComponent {
			return fmt.Errorf("component %d is %g; Cassandra's SAI vector index takes finite components of at most 1e17 in magnitude (declare index_type FLAT to keep any float)", i, x)
		}
		zero = zero && x == 0
	}
	if zero && m == types.MetricCosine {
		return fmt.Errorf("a vector of zeros has no cosine distance, and Cassandra's SAI cosine index refuses it (declare index_type FLAT to keep it)")
	}
	return nil
}

// createdMicros encodes a created timestamp; an absent one orders first.
func createdMicros(t time.Time) int64 {
	if t.IsZero() {
		return math.MinInt64
	}
	return t.UnixMicro()
}

// createdTime decodes createdMicros.
func createdTime(us int64) time.Time {
	if us == math.MinInt64 {
		return time.Time{}
	}
	return time.UnixMicro(us).UTC()
}

// joinKeyValue returns the value of join key k in key, null when absent
// or of another type (the column is informational: the key column decides).
func joinKeyValue(key types.EntityKey, k types.Field) types.Value {
	for _, p := range key {
		if p.JoinKey == k.Name && p.Value.Type() == k.Type {
			return p.Value
		}
	}
	return types.Null()
}

// vectorLen returns the length of a float list value.
func vectorLen(v types.Value) int {
	if v.Type() == types.Float64List {
		return len(v.Float64List())
	}
	return len(v.Float32List())
}
