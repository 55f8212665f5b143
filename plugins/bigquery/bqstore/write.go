package bqstore

import (
	"context"
	"time"

	"cloud.google.com/go/bigquery"

	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
)

// WriteBatch implements offlinestore.Store: the records go to a temporary
// Parquet file, then one load job appends them to the destination table
// (created, from the records' schema, when absent). Loads are free of
// charge and atomic: a failed load appends nothing.
func (s *Store) WriteBatch(ctx context.Context, req *offlinestore.WriteBatchRequest) (*offlinestore.WriteBatchResponse, error) {
	c, err := s.conn()
	if err != nil {
		return nil, err
	}
	if req.Records == nil {
		return nil, storeerr.InvalidArgument("bigquery offline store: WriteBatch has no records")
	}
	src, err := resolveSource(&c.settings, req.Destination)
	if err != nil {
		return nil, storeerr.InvalidArgument("bigquery offline store: WriteBatch: %v", err)
	}
	if src.isQuery() {
		return nil, storeerr.InvalidArgument("bigquery offline store: WriteBatch: %s is a query; rows can be written only to a table", src)
	}
	schema := req.Records.Schema()
	bs, err := bqSchema(schema)
	if err != nil {
		return nil, storeerr.InvalidArgument("bigquery offline store: WriteBatch to %s: %v", src, err)
	}
	p, err := newParquetFile(schema)
	if err != nil {
		return nil, storeerr.Internal("bigquery offline store: WriteBatch: %v", err)
	}
	defer p.remove()
	for req.Records.Next() {
		if err := p.write(req.Records.RecordBatch()); err != nil {
			return nil, storeerr.InvalidArgument("bigquery offline store: WriteBatch to %s: %v", src, err)
		}
	}
	if err := req.Records.Err(); err != nil {
		return nil, storeerr.InvalidArgument("bigquery offline store: WriteBatch: reading the records: %v", err)
	}
	if err := p.close(); err != nil {
		return nil, storeerr.Internal("bigquery offline store: WriteBatch: %v", err)
	}
	ctx, cancel := context.WithTimeout(ctx, time.Duration(c.settings.QueryTimeout))
	defer cancel()
	if err := c.ensureTable(ctx, req.Project, src.table, bs, narrowTypes(schema)); err != nil {
		return nil, err
	}
	if p.rows > 0 {
		if err := c.load(ctx, p, src.table); err != nil {
			return nil, err
		}
	}
	return &offlinestore.WriteBatchResponse{RowsWritten: p.rows}, nil
}

// ensureTable creates a destination table, marked as Quiver's, written by
// project and with the narrow types of its columns, when absent; an existing one created by Quiver
// gets project added to its writers.
func (c *conn) ensureTable(ctx context.Context, project string, t tableRef, schema bigquery.Schema, narrow map[string]string) error {
	if err := c.ensureDataset(ctx, t.Project, t.Dataset); err != nil {
		return err
	}
	md := &bigquery.TableMetadata{Schema: schema, Description: owners{Writers: []string{project}, Types: narrow}.description(),
		Labels: map[string]string{"created_by": "quiver"}}
	err := c.table(t).Create(ctx, md)
	if err == nil {
		return nil
	}
	if !isAlreadyExists(err) {
		return bqError("creating table "+t.String(), err)
	}
	if _, _, err := c.updateOwners(ctx, t, addWriter(project)); err != nil {
		return bqError("recording project "+project+" as a writer of "+t.String(), err)
	}
	return nil
}
