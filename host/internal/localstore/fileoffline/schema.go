package fileoffline

import (
	"context"
	"database/sql/driver"
	"errors"
	"io"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

// column is a column of a source's files.
type column struct {
	src  string          // name in the files
	name string          // name after the field mapping
	duck string          // DuckDB type, as DESCRIBE names it
	typ  types.ValueType // Invalid for a type Quiver cannot represent
	cast string          // DuckDB type to cast to on output; "" for none
}

// table is a located source with its columns.
type table struct {
	spec     types.DataSourceSpec
	patterns []string // what read_parquet reads
	cols     []column // in file order
}

// GetSourceSchema implements offlinestore.Store: the source's columns of a
// supported type, in file order, under their mapped names.
func (s *Store) GetSourceSchema(ctx context.Context, req *offlinestore.GetSourceSchemaRequest) (*offlinestore.GetSourceSchemaResponse, error) {
	_, conn, err := s.connect(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	t, err := s.describe(ctx, conn, req.Source)
	if err != nil {
		return nil, err
	}
	resp := &offlinestore.GetSourceSchemaResponse{}
	for _, c := range t.cols {
		if c.typ != types.Invalid {
			resp.Columns = append(resp.Columns, types.Field{Name: c.name, Type: c.typ})
		}
	}
	return resp, nil
}

// describe locates src and reads its columns.
func (s *Store) describe(ctx context.Context, conn *duckdb.Conn, src types.DataSourceSpec) (*table, error) {
	loc, err := locate(s.settings(), src)
	if err != nil {
		return nil, err
	}
	patterns, err := loc.patterns()
	if err != nil {
		return nil, err
	}
	rows, err := conn.QueryContext(ctx, "DESCRIBE SELECT * FROM "+readParquet, []driver.NamedValue{{Ordinal: 1, Value: patterns}})
	if err != nil {
		return nil, duckError(ctx, "reading the schema of "+loc.path, err)
	}
	defer rows.Close()
	t := &table{spec: src, patterns: patterns}
	dest := make([]driver.Value, len(rows.Columns()))
	for {
		err := rows.Next(dest)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, duckError(ctx, "reading the schema of "+loc.path, err)
		}
		name, _ := dest[0].(string)
		duck, _ := dest[1].(string)
		c := column{src: name, name: name, duck: duck}
		if m, ok := src.FieldMapping[name]; ok && m != "" {
			c.name = m
		}
		c.typ, c.cast, _ = quiverType(duck)
		t.cols = append(t.cols, c)
	}
	return t, nil
}

// byName returns the column whose mapped name is name.
func (t *table) byName(name string) (column, bool) {
	for _, c := range t.cols {
		if c.name == name {
			return c, true
		}
	}
	return column{}, false
}

// bySource returns the column a spec's timestamp field names: a file
// column, or failing that a mapped name.
func (t *table) bySource(name string) (column, bool) {
	for _, c := range t.cols {
		if c.src == name {
			return c, true
		}
	}
	return t.byName(name)
}

// duckError turns a DuckDB error into a storeerr error: NotFound when no
// file matched, Unavailable when ctx ended, Internal otherwise.
func duckError(ctx context.Context, what string, err error) error {
	var de *duckdb.Error
	switch {
	case ctx.Err() != nil:
		return storeerr.Unavailable("file offline store: %s: %w", what, ctx.Err())
	case errors.As(err, &de) && de.Type == duckdb.ErrorTypeIO && strings.Contains(de.Msg, "No files found"):
		return storeerr.NotFound("file offline store: %s: %s", what, de.Msg).Downstream()
	}
	return storeerr.Internal("file offline store: %s: %v", what, err).Downstream()
}
