package fileoffline

import "strings"

// ident quotes a SQL identifier for DuckDB.
func ident(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// col is a column of the source relation, src.
func col(name string) string { return "src." + ident(name) }

// readParquet is the FROM item of a source; its one parameter is the path
// or glob. Files are unioned by column name.
const readParquet = "read_parquet(?, union_by_name = true) AS src"
