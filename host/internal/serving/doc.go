// Package serving is Quiver's feature server: an HTTP server speaking
// Feast's JSON and a gRPC server (quiver.serving.v1), both in front of one
// service.Service, over the repository's registry and stores.
//
// The server keeps the registry in memory as a snapshot it reloads
// periodically (package snapshot), so it is stateless otherwise and
// replicas scale horizontally. Folders, in the order a request meets them:
//
//   - httpapi and grpcapi: decode a request, call the service, encode the
//     answer or the error;
//   - service: authorize, validate, call the stores (frame turns request
//     tables into store writes);
//   - metrics: Prometheus counters and histograms, and the decorators that
//     time every store call.
//
// Start with New and Server.ListenAndServe; `quiver serve` calls them.
package serving
