package cassandrastore

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// The columns every table has besides the join keys and features. A view
// whose field has one of these names is refused.
const (
	colKey     = "quiver_key"        // blob: the entity key, sdk/codec encoding; the partition key
	colEvent   = "quiver_event_ts"   // bigint: event time, µs since the Unix epoch; clustering, newest first
	colCreated = "quiver_created_ts" // bigint: created time, µs; math.MinInt64 when absent; clustering
	colWriteID = "quiver_write_id"   // timeuuid: orders writes of an equal (event, created) pair; clustering
)

// reservedColumns are the column names a view's fields cannot take.
var reservedColumns = map[string]bool{colKey: true, colEvent: true, colCreated: true, colWriteID: true}

// maxTableName is Cassandra's limit on table (and index) names.
const maxTableName = 48

// tableName returns the table of a (project, view): a readable, sanitized
// "project_view" cut to fit, then "_" and 8 hex digits of a hash of both
// names, so that different pairs never share a table (project "a_b" with
// view "c" and project "a" with view "b_c" included).
func tableName(project, view string) string {
	sum := sha256.Sum256([]byte(project + "\x00" + view))
	suffix := "_" + hex.EncodeToString(sum[:4])
	readable := sanitize(project + "_" + view)
	if max := maxTableName - len(suffix); len(readable) > max {
		readable = readable[:max]
	}
	return readable + suffix
}

// indexName returns the name of the index of column col of table: the
// table's hash suffix, then 8 hex digits of the column's, within Cassandra's
// 48 characters whatever the names.
func indexName(table, col string) string {
	sum := sha256.Sum256([]byte(table + "\x00" + col))
	return "quiver_idx_" + table[len(table)-8:] + "_" + hex.EncodeToString(sum[:4])
}

// sanitize lowercases s and replaces what a CQL identifier cannot hold by
// "_"; the result starts with a letter.
func sanitize(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	out := b.String()
	if out == "" || out[0] < 'a' || out[0] > 'z' {
		out = "q" + out
	}
	return out
}

// quoteIdent quotes a CQL identifier, so that any feature name is a column
// name as it is.
func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
