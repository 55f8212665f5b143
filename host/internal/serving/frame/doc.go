// Package frame turns the column-oriented tables that push and write
// requests carry ({"column": [v1, v2, ...]}, Feast's "df") into what the
// stores take: online WriteBatch rows for a feature view, and an Arrow
// record for an offline WriteBatch.
//
// Everything is checked before anything is returned: unknown and missing
// columns, columns of different lengths, values of the wrong type, null
// join keys and timestamps. A caller that converts every target first and
// writes afterwards never writes part of a bad request.
//
// Start with Decode, then Table.WriteBatch and Table.Record.
package frame
