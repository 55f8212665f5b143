package cassandrastore

import (
	"context"
	"errors"
	"strings"

	gocql "github.com/apache/cassandra-gocql-driver/v2"
	"golang.org/x/sync/errgroup"

	"github.com/quiverfs/quiver/sdk/codec"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// Read implements onlinestore.Store: one prepared single-partition query
// per distinct (view, entity key), all at once up to read_concurrency,
// each routed to a replica of its partition; the partition's first row is
// the newest. A view that was never applied answers Found=false.
func (s *Store) Read(ctx context.Context, req *onlinestore.ReadRequest) (*onlinestore.ReadResponse, error) {
	c, sess, err := s.open(ctx)
	if err != nil {
		return nil, err
	}
	resp := &onlinestore.ReadResponse{Views: make([][]onlinestore.ReadRow, len(req.Views))}
	type repeat struct{ view, at, from int } // a repeated key's row is its first occurrence's
	var repeats []repeat
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(c.settings.ReadConcurrency)
	for vi, rv := range req.Views {
		rows := make([]onlinestore.ReadRow, len(rv.EntityKeys))
		resp.Views[vi] = rows
		if len(rv.EntityKeys) == 0 {
			continue
		}
		t, err := c.table(ctx, sess, req.Project, rv.FeatureView)
		if errors.Is(err, errNoTable) {
			continue // never applied or deleted: nothing found
		}
		if err != nil {
			return nil, err
		}
		fields, err := t.fieldsOf(rv.Features)
		if err != nil {
			return nil, err
		}
		stmt := readStatement(t, fields)
		first := make(map[string]int, len(rv.EntityKeys))
		for ki, k := range rv.EntityKeys {
			key := codec.EncodeEntityKey(k)
			if i, dup := first[string(key)]; dup {
				repeats = append(repeats, repeat{view: vi, at: ki, from: i})
				continue
			}
			first[string(key)] = ki
			g.Go(func() error {
				row, err := c.readRow(gctx, sess, stmt, fields, key)
				rows[ki] = row
				return err
			})
		}
	}
	if err := g.Wait(); err != nil {
		return nil, storeError(c.name, "reading", err)
	}
	for _, r := range repeats {
		resp.Views[r.view][r.at] = resp.Views[r.view][r.from]
	}
	return resp, nil
}

// readStatement renders the query of one partition's newest row.
func readStatement(t *tableInfo, fields []featureInfo) string {
	cols := make([]string, 0, len(fields)+2)
	for _, f := range fields {
		cols = append(cols, quoteIdent(f.field.Name))
	}
	cols = append(cols, colEvent, colCreated)
	return "SELECT " + strings.Join(cols, ", ") + " FROM " + t.qualName + " WHERE " + colKey + " = ? LIMIT 1"
}

// readRow reads the newest row of one partition.
func (c *conn) readRow(ctx context.Context, sess *gocql.Session, stmt string, fields []featureInfo, key []byte) (onlinestore.ReadRow, error) {
	cells := make([]cell, len(fields))
	dest := make([]any, 0, len(fields)+2)
	for i, f := range fields {
		cells[i] = cell{t: f.field.Type, vector: f.field.Vector != nil}
		dest = append(dest, &cells[i])
	}
	var event, created int64
	dest = append(dest, &event, &created)
	err := sess.Query(stmt, key).WithContext(ctx).Consistency(c.readCL).Scan(dest...)
	if errors.Is(err, gocql.ErrNotFound) {
		return onlinestore.ReadRow{}, nil
	}
	if err != nil {
		return onlinestore.ReadRow{}, err
	}
	row := onlinestore.ReadRow{Found: true, Values: make([]types.Value, len(fields)),
		EventTimestamp: types.FromMicros(event), CreatedTimestamp: createdTime(created)}
	for i := range cells {
		row.Values[i] = cells[i].v
	}
	return row, nil
}
