// Package grpcapi is the feature server's gRPC front end: the
// quiver.serving.v1.FeatureServer service (proto/quiver/serving/v1). Each
// RPC converts its request, calls the same service.Service method as the
// HTTP handler, and converts the answer, so both front ends validate,
// authorize and answer alike.
//
// Typed request values are turned into the JSON-shaped values the service
// decodes (an int64 becomes a number, bytes a base64 string, a timestamp
// an RFC 3339 string), so a value is accepted over gRPC exactly when its
// JSON form is accepted over HTTP. Errors become gRPC statuses in one
// place, statusOf. Interceptors recover panics (Internal) and record
// request metrics.
//
// Start with Register.
package grpcapi
