package pitjoin

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/apache/arrow-go/v18/arrow/array"
	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/quiverfs/quiver/host/internal/apierr"
)

// FileFormat returns "parquet" or "csv" by a file name's extension.
func FileFormat(path string) (string, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".parquet", ".pq":
		return "parquet", nil
	case ".csv":
		return "csv", nil
	}
	return "", apierr.Invalid("%s is neither Parquet (.parquet) nor CSV (.csv)", path)
}

// OpenEntityFile reads an entity table from a Parquet or CSV file through
// the engine's DuckDB, streaming it in file order. In a CSV file, column
// types are detected; a timestamp column (tsCol, or event_timestamp when
// empty) that is not detected as timestamps is checked value by value: the
// first unparseable value is an apierr.Invalid error naming it, else the
// column is cast (values without an offset are UTC).
func (e *Engine) OpenEntityFile(ctx context.Context, path, tsCol string) (array.RecordReader, error) {
	format, err := FileFormat(path)
	if err != nil {
		return nil, err
	}
	if fi, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, apierr.Invalid("entity file %s does not exist", path)
	} else if err != nil {
		return nil, apierr.Invalid("entity file %s: %v", path, err)
	} else if fi.IsDir() {
		return nil, apierr.Invalid("entity file %s is a directory", path)
	}
	conn, err := e.conn(ctx)
	if err != nil {
		return nil, err
	}
	rd, err := openFile(ctx, conn, path, format, tsCol)
	if err != nil {
		conn.Close()
		return nil, err
	}
	return &resultReader{RecordReader: rd, done: func() { conn.Close() }}, nil
}

func openFile(ctx context.Context, conn *duckdb.Conn, path, format, tsCol string) (array.RecordReader, error) {
	src := "read_parquet(" + sqlString(path) + ")"
	if format == "csv" {
		src = "read_csv(" + sqlString(path) + ", header = true)"
	}
	if tsCol == "" {
		tsCol = DefaultTimestampColumn
	}
	if _, err := conn.ExecContext(ctx, "CREATE OR REPLACE TEMP VIEW quiver_file AS SELECT * FROM "+src, nil); err != nil {
		return nil, apierr.Invalid("entity file %s cannot be read as %s: %v", path, format, err)
	}
	rows, err := queryRows(ctx, conn, "SELECT column_name, column_type FROM (DESCRIBE quiver_file)")
	if err != nil {
		return nil, err
	}
	var cols []string
	for _, r := range rows {
		name, typ := r[0].(string), r[1].(string)
		if name == tsCol && typ == "VARCHAR" {
			if err := checkTimestamps(ctx, conn, path, name); err != nil {
				return nil, err
			}
			cols = append(cols, fmt.Sprintf("CAST(%s AS TIMESTAMPTZ) AS %s", ident(name), ident(name)))
			continue
		}
		cols = append(cols, ident(name))
	}
	ar, err := duckdb.NewArrowFromConn(conn)
	if err != nil {
		return nil, err
	}
	rd, err := ar.QueryContext(ctx, "SELECT "+strings.Join(cols, ", ")+" FROM quiver_file")
	if err != nil {
		return nil, apierr.Invalid("entity file %s: %v", path, err)
	}
	return rd, nil
}

// checkTimestamps reports the first value of a text column that is not a timestamp.
func checkTimestamps(ctx context.Context, conn *duckdb.Conn, path, col string) error {
	q := fmt.Sprintf("SELECT n, v FROM (SELECT row_number() OVER () AS n, %s AS v FROM quiver_file) WHERE v IS NOT NULL AND TRY_CAST(v AS TIMESTAMPTZ) IS NULL LIMIT 1", ident(col))
	rows, err := queryRows(ctx, conn, q)
	if err != nil {
		return err
	}
	if len(rows) > 0 {
		return apierr.Invalid("entity file %s: column %s holds %q (data row %d), which is not a timestamp (use e.g. 2025-03-01T12:00:00Z; no offset means UTC)",
			path, col, rows[0][1], rows[0][0])
	}
	return nil
}

// sqlString quotes a SQL string literal.
func sqlString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
