// Package fileoffline is Quiver's embedded default offline store, `file`: it
// reads Parquet files in process through an embedded, in-memory DuckDB and
// writes new Parquet files with Arrow. The host uses it when quiver.yaml
// configures no offline store, so the demo needs no server.
//
// Start with New and the offlinestore.Store methods on *Store. The store
// also implements offlinestore.StoreWithEntityFilter.
//
// # Build tag
//
// The package uses duckdb-go's Arrow interface, which duckdb-go compiles
// only with the build tag duckdb_arrow. Every build or test of a package
// that imports this one needs it:
//
//	go test -tags duckdb_arrow ./internal/localstore/fileoffline/
//
// Without the tag the build fails with "undefined:
// fileoffline_requires_build_tag_duckdb_arrow". CGO must be enabled
// (duckdb-go links DuckDB's prebuilt static library).
//
// # Settings
//
// Configure takes a JSON object; every key is optional and any other key is
// an InvalidArgument error naming it:
//
//	{"memory_limit": "2GB", "threads": 2, "temp_directory": "/tmp/q", "root": "/data/quiver"}
//
// memory_limit, threads and temp_directory are passed to DuckDB. root is the
// directory against which relative paths and "table" options resolve.
//
// # Sources
//
// A DataSourceSpec locates its data with one of these Options:
//
//   - "path": a Parquet file, a directory (every dir/**/*.parquet is read),
//     or a glob (a path containing * ? [ or {). It must be absolute unless
//     root is set, in which case a relative path is taken under root. A
//     file is read together with the Parquet files under <file>.pushed,
//     where the host sends offline writes to a single-file source.
//   - "table": a single path element naming the directory root/<table>;
//     needs root. Used when "path" is absent.
//
// Files of one source may differ in columns; they are unioned by name. A
// missing file, or a directory or glob matching no Parquet file, is
// NotFound naming the path.
//
// FieldMapping (source column -> name) renames columns: GetSourceSchema
// lists the mapped names, and PullRequest.JoinKeys and FeatureColumns use
// them. TimestampField and CreatedTimestampColumn name source columns (a
// mapped name is accepted too), and pulls output those two columns under
// exactly the strings given in the spec.
//
// # Types
//
// DuckDB types map to Quiver types: BOOLEAN bool; TINYINT, SMALLINT,
// UTINYINT, USMALLINT, INTEGER int32; UINTEGER, BIGINT int64; FLOAT
// float32; DOUBLE and DECIMAL float64; VARCHAR string; BLOB bytes;
// TIMESTAMP, TIMESTAMP_S/_MS/_NS and TIMESTAMP WITH TIME ZONE timestamp;
// and lists (X[]) of those. Pulled columns come out with the Arrow type of
// the Quiver type; timestamps as timestamp[us, tz=UTC], where a timestamp
// without a time zone in the file is read as UTC and nanoseconds are
// truncated to microseconds. GetSourceSchema omits columns of any other
// type (HUGEINT, UBIGINT, DATE, STRUCT, MAP, ...); a pull that asks for such
// a column is an InvalidArgument error giving its DuckDB type.
//
// # Pulls
//
// PullRange returns every row with event time in [Start, End); PullLatest
// the latest such row per join-key tuple: greatest event timestamp, then
// greatest created timestamp (nulls last). A zero Start or End leaves that
// side unbounded. Output columns: join keys, features, the event timestamp
// column, then the created timestamp column if the source has one. A
// non-empty PullRequest.EntityKeys restricts the rows to those keys (loaded
// into a temporary DuckDB table and semi-joined); an empty list is no
// filter. Results are streamed to the caller as Arrow records of about
// 32768 rows, copied from DuckDB's chunks into Go memory one record at a
// time (so values taken from a record stay valid after its release, as
// with a plugin's decoded stream). The whole result is never held in Go
// memory; DuckDB keeps it in its own buffer-managed memory, bounded by
// memory_limit and spilled to temp_directory.
//
// # Writes and teardown
//
// WriteBatch needs a directory destination ("path" or "table"). It writes
// each call as one new file part-<UTC time>-<random>-<project tag>.parquet
// (the tag: 16 hex digits of the project's SHA-256), first under a hidden
// temporary name, then renamed, so readers never see partial files. When it
// creates the directory it leaves a marker file, _quiver_owned, holding the
// project name. Teardown acts only on a source whose Options["owned"] is
// "true" and whose directory holds the marker: it removes the part files of
// its project (untagged part files, from before the tag, are the marker
// project's), then the directory once no Parquet file is left in it. Projects
// that write to one table share it: each reads the others' rows, and each
// one's Teardown leaves the others' rows in place. Nothing else is deleted.
package fileoffline
