// Package shim connects the author-facing store interfaces to the generated
// gRPC services: servers wrap a store, clients implement the store
// interfaces over a connection. Every server method follows the same steps:
// convert the request, call the store, reject a nil response, convert the
// response, map the error with grpcerr.
package shim
