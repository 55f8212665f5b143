//go:build !duckdb_arrow

package fileoffline

// This package needs duckdb-go's Arrow interface, compiled only with the
// build tag duckdb_arrow: build with `go build -tags duckdb_arrow`.
var _ = fileoffline_requires_build_tag_duckdb_arrow
