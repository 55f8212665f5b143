package memstore

import (
	"context"
	"sync"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

// Offline is an in-memory offline store: each table is a list of Arrow
// records under the key Options["table"] (or the source's Name). The zero
// value is not usable; call NewOffline.
type Offline struct {
	mu     sync.RWMutex
	mem    memory.Allocator
	tables map[string]map[string]*table // project -> table name -> table
}

var _ offlinestore.Store = (*Offline)(nil)

// table is one in-memory table: a schema and the records appended to it.
type table struct {
	schema  *arrow.Schema
	records []arrow.RecordBatch
}

// NewOffline returns an empty offline store.
func NewOffline() *Offline {
	return &Offline{mem: memory.NewGoAllocator(), tables: map[string]map[string]*table{}}
}

// tableName returns the table a source names.
func tableName(src types.DataSourceSpec) string {
	if t := src.Options["table"]; t != "" {
		return t
	}
	return src.Name
}

// Configure implements offlinestore.Store. Unknown keys are InvalidArgument.
func (s *Offline) Configure(_ context.Context, req *offlinestore.ConfigureRequest) (*offlinestore.ConfigureResponse, error) {
	if _, err := parseSettings(req.Config); err != nil {
		return nil, err
	}
	return &offlinestore.ConfigureResponse{}, nil
}

// table returns a table of a project, or NotFound. Callers hold s.mu.
func (s *Offline) table(project string, src types.DataSourceSpec) (*table, error) {
	name := tableName(src)
	if name == "" {
		return nil, storeerr.InvalidArgument("data source has neither a name nor a table option")
	}
	if t, ok := s.tables[project][name]; ok {
		return t, nil
	}
	return nil, storeerr.NotFound("table %q of project %q does not exist", name, project)
}

// GetSourceSchema implements offlinestore.Store.
func (s *Offline) GetSourceSchema(_ context.Context, req *offlinestore.GetSourceSchemaRequest) (*offlinestore.GetSourceSchemaResponse, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, tables := range s.tables {
		t, ok := tables[tableName(req.Source)]
		if !ok {
			continue
		}
		cols := make([]types.Field, 0, t.schema.NumFields())
		for _, f := range t.schema.Fields() {
			typ, err := valueTypeOf(f.Type)
			if err != nil {
				return nil, err
			}
			cols = append(cols, types.Field{Name: f.Name, Type: typ})
		}
		return &offlinestore.GetSourceSchemaResponse{Columns: cols}, nil
	}
	return nil, storeerr.NotFound("table %q does not exist", tableName(req.Source))
}

// WriteBatch implements offlinestore.Store: records are appended; a schema
// that differs from the table's is InvalidArgument.
func (s *Offline) WriteBatch(_ context.Context, req *offlinestore.WriteBatchRequest) (*offlinestore.WriteBatchResponse, error) {
	name := tableName(req.Destination)
	if name == "" {
		return nil, storeerr.InvalidArgument("destination has neither a name nor a table option")
	}
	var recs []arrow.RecordBatch
	var rows int64
	for req.Records.Next() {
		rec := req.Records.RecordBatch()
		rec.Retain()
		recs = append(recs, rec)
		rows += rec.NumRows()
	}
	if err := req.Records.Err(); err != nil {
		releaseAll(recs)
		return nil, storeerr.InvalidArgument("reading records: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tables[req.Project] == nil {
		s.tables[req.Project] = map[string]*table{}
	}
	t := s.tables[req.Project][name]
	if t == nil {
		t = &table{schema: req.Records.Schema()}
		s.tables[req.Project][name] = t
	}
	if !t.schema.Equal(req.Records.Schema()) {
		releaseAll(recs)
		return nil, storeerr.InvalidArgument("table %q has schema %s, records have %s", name, t.schema, req.Records.Schema())
	}
	t.records = append(t.records, recs...)
	return &offlinestore.WriteBatchResponse{RowsWritten: rows}, nil
}

// Teardown implements offlinestore.Store: the named sources' tables are dropped.
func (s *Offline) Teardown(_ context.Context, req *offlinestore.TeardownRequest) (*offlinestore.TeardownResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	tables := s.tables[req.Project]
	for _, src := range req.Sources {
		if t, ok := tables[tableName(src)]; ok {
			releaseAll(t.records)
			delete(tables, tableName(src))
		}
	}
	if len(tables) == 0 {
		delete(s.tables, req.Project)
	}
	return &offlinestore.TeardownResponse{}, nil
}

func releaseAll(recs []arrow.RecordBatch) {
	for _, r := range recs {
		r.Release()
	}
}

// emptyReader returns a reader of no records with the given schema.
func emptyReader(schema *arrow.Schema) (array.RecordReader, error) {
	return array.NewRecordReader(schema, nil)
}
