// Package onlineread answers online feature requests: it resolves feature
// references against the repository, checks and types the entity values,
// asks the online store once for all views, and applies each view's ttl at
// read time to give every value a status.
//
// Start with Reader.Read. The HTTP and gRPC servers both call it.
package onlineread
