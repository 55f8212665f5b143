// Package ingest loads text and Markdown files into a documents feature
// view for RAG: it splits each file into overlapping chunks (Split), embeds
// them, and writes one online row per chunk. `quiver ingest-documents`
// calls Run.
//
// The view must have one string join key (the chunk id, "PATH#INDEX"), a
// vector feature of the embedder's dimension, and a string feature `text`;
// optional features `source` (string: the file path) and `chunk_index`
// (int32 or int64) are filled when present. See docs/vectors.md.
package ingest
