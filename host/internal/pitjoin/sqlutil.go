package pitjoin

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// ident quotes a SQL identifier.
func ident(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// queryRow runs a query that returns one row and returns its values.
func queryRow(ctx context.Context, conn *duckdb.Conn, q string, args ...driver.NamedValue) ([]driver.Value, error) {
	rows, err := conn.QueryContext(ctx, q, args)
	if err != nil {
		return nil, fmt.Errorf("pitjoin: %w", err)
	}
	defer rows.Close()
	vals := make([]driver.Value, len(rows.Columns()))
	if err := rows.Next(vals); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("pitjoin: query returned no row")
		}
		return nil, fmt.Errorf("pitjoin: %w", err)
	}
	return vals, nil
}

// queryRows runs a query and returns every row.
func queryRows(ctx context.Context, conn *duckdb.Conn, q string) ([][]driver.Value, error) {
	rows, err := conn.QueryContext(ctx, q, nil)
	if err != nil {
		return nil, fmt.Errorf("pitjoin: %w", err)
	}
	defer rows.Close()
	var out [][]driver.Value
	for {
		vals := make([]driver.Value, len(rows.Columns()))
		if err := rows.Next(vals); err != nil {
			if errors.Is(err, io.EOF) {
				return out, nil
			}
			return nil, fmt.Errorf("pitjoin: %w", err)
		}
		out = append(out, vals)
	}
}
