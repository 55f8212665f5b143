// Package cassandra will hold the cassandra online store plugin for Quiver. For now the
// binary in cmd/quiver-plugin-cassandra serves only GetCapabilities and answers
// every other call with a "not implemented yet" Unsupported error.
package cassandra
