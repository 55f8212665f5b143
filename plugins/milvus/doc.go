// Package milvus will hold the milvus online store plugin for Quiver. For now the
// binary in cmd/quiver-plugin-milvus serves only GetCapabilities and answers
// every other call with a "not implemented yet" Unsupported error.
package milvus
