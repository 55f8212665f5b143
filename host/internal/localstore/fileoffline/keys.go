package fileoffline

import (
	"context"
	"database/sql/driver"
	"fmt"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

// loadKeys creates keyTable on conn and appends the entity keys to it,
// one column per join key. Keys with a null part match nothing and are
// left out.
func loadKeys(ctx context.Context, conn *duckdb.Conn, cols []column, keys []types.EntityKey) error {
	rows, colTypes, err := keyRows(cols, keys)
	if err != nil {
		return err
	}
	defs := make([]string, len(cols))
	for i, t := range colTypes {
		d, ok := duckKeyType(t)
		if !ok {
			return storeerr.InvalidArgument("file offline store: join key %q cannot be filtered on: type %s", cols[i].name, t)
		}
		defs[i] = fmt.Sprintf("k%d %s", i, d)
	}
	create := "CREATE TEMP TABLE " + keyTable + " (" + strings.Join(defs, ", ") + ")"
	if _, err := conn.ExecContext(ctx, create, nil); err != nil {
		return duckError(ctx, "creating the entity key table", err)
	}
	app, err := duckdb.NewAppender(conn, "temp", "main", keyTable)
	if err != nil {
		return duckError(ctx, "appending entity keys", err)
	}
	for _, r := range rows {
		if err := app.AppendRow(r...); err != nil {
			_ = app.Close()
			return duckError(ctx, "appending entity keys", err)
		}
	}
	if err := app.Close(); err != nil {
		return duckError(ctx, "appending entity keys", err)
	}
	return nil
}

// keyRows orders each key's values by cols and checks that every key
// names exactly the join keys and that each join key has one value type.
// A join key with only null values takes its column's type.
func keyRows(cols []column, keys []types.EntityKey) ([][]driver.Value, []types.ValueType, error) {
	index := make(map[string]int, len(cols))
	colTypes := make([]types.ValueType, len(cols))
	for i, c := range cols {
		index[c.name] = i
	}
	rows := make([][]driver.Value, 0, len(keys))
	for _, k := range keys {
		if len(k) != len(cols) {
			return nil, nil, storeerr.InvalidArgument("file offline store: entity key %s does not have the join keys %v", k, names(cols))
		}
		row, seen, skip := make([]driver.Value, len(cols)), make([]bool, len(cols)), false
		for _, part := range k {
			i, ok := index[part.JoinKey]
			if !ok || seen[i] {
				return nil, nil, storeerr.InvalidArgument("file offline store: entity key %s does not have the join keys %v", k, names(cols))
			}
			seen[i] = true
			if part.Value.IsNull() {
				skip = true
				continue
			}
			if t := part.Value.Type(); colTypes[i] == types.Invalid {
				colTypes[i] = t
			} else if t != colTypes[i] {
				return nil, nil, storeerr.InvalidArgument("file offline store: join key %q has values of types %s and %s", part.JoinKey, colTypes[i], t)
			}
			row[i] = part.Value.Interface()
		}
		if !skip {
			rows = append(rows, row)
		}
	}
	for i, t := range colTypes {
		switch {
		case t == types.Invalid:
			colTypes[i] = cols[i].typ
		case t != cols[i].typ && !(isInt(t) && isInt(cols[i].typ)):
			return nil, nil, storeerr.InvalidArgument("file offline store: join key %q is a %s column but the entity keys give %s values", cols[i].name, cols[i].typ, t)
		}
	}
	return rows, colTypes, nil
}

// names returns the mapped names of cols.
func names(cols []column) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.name
	}
	return out
}

// isInt reports whether t is an integer type; keys of one integer type
// match columns of the other.
func isInt(t types.ValueType) bool { return t == types.Int32 || t == types.Int64 }
