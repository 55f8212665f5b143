// Package embed turns text into vectors for document retrieval: chunks at
// ingest time (`quiver ingest-documents`) and questions at query time
// (`--query-text`, `query_string`).
//
// Start with New, which builds the Embedder that quiver.yaml's `embedder`
// block selects: Hashing, built in and deterministic (token feature
// hashing, no model to download: for demos and tests), or OpenAI, for any
// OpenAI-compatible /v1/embeddings endpoint.
package embed
