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
	if req.Records == nil || req.Project == "" {
		return nil, storeerr.InvalidArgument("bigquery offline store: WriteBatch needs a project and records")
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
	ctx, cancel := context.WithTimeout(ctx, time.Duration(c.settings.QueryTimeout))
	defer cancel()
	tableSchema, err := c.ensureTable(ctx, req.Project, src.table, bs, narrowTypes(schema))
	if err != nil {
		return nil, err
	}
	al, err := alignTo(schema, tableSchema)
	if err != nil {
		return nil, storeerr.InvalidArgument("bigquery offline store: WriteBatch to %s: %v", src, err)
	}
	p, err := newParquetFile(al.schema)
	if err != nil {
		return nil, storeerr.Internal("bigquery offline store: WriteBatch: %v", err)
	}
	defer p.remove()
	for req.Records.Next() {
		rec, err := al.apply(req.Records.RecordBatch())
		if err == nil {
			err = p.write(rec)
			rec.Release()
		}
		if err != nil {
			return nil, storeerr.InvalidArgument("bigquery offline store: WriteBatch to %s: %v", src, err)
		}
	}
	if err := req.Records.Err(); err != nil {
		return nil, storeerr.InvalidArgument("bigquery offline store: WriteBatch: reading the records: %v", err)
	}
	if err := p.close(); err != nil {
		return nil, storeerr.Internal("bigquery offline store: WriteBatch: %v", err)
	}
	if p.rows > 0 {
		if err := c.load(ctx, p, src.table); err != nil {
			return nil, err
		}
	}
	return &offlinestore.WriteBatchResponse{RowsWritten: p.rows}, nil
}

// ensureTable creates a destination table, marked as Quiver's, written by
// project and with the narrow types of its columns, when absent; an
// existing one created by Quiver gets project added to its writers. It
// returns the table's schema.
func (c *conn) ensureTable(ctx context.Context, project string, t tableRef, schema bigquery.Schema, narrow map[string]string) (bigquery.Schema, error) {
	md, err := c.table(t).Metadata(ctx)
	if err == nil {
		if _, _, err := c.updateOwners(ctx, t, addWriter(project)); err != nil {
			return nil, bqError("recording project "+project+" as a writer of "+t.String(), err)
		}
		return md.Schema, nil
	}
	if !isNotFound(err) {
		return nil, bqError("reading table "+t.String(), err)
	}
	if c.settings.TableCreateDisposition == "CREATE_NEVER" {
		return nil, storeerr.NotFound("bigquery offline store: table %s does not exist and table_create_disposition is CREATE_NEVER", t)
	}
	if err := c.ensureDataset(ctx, t.Project, t.Dataset); err != nil {
		return nil, err
	}
	create := &bigquery.TableMetadata{Schema: schema, Description: owners{Writers: []string{project}, Types: narrow}.description(),
		Labels: map[string]string{"created_by": "quiver"}}
	err = c.table(t).Create(ctx, create)
	switch {
	case err == nil:
		return schema, nil
	case isAlreadyExists(err): // created meanwhile by another writer
		return c.ensureTable(ctx, project, t, schema, narrow)
	}
	return nil, bqError("creating table "+t.String(), err)
}
