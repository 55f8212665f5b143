// Package storeerr defines the error kinds a store returns to the host.
//
// A store wraps its failures with one of the constructors (InvalidArgument,
// NotFound, Unavailable, Unsupported, Internal), optionally marking the error
// as coming from downstream (the database behind the plugin). The SDK maps
// kinds to gRPC codes in one place and rebuilds them on the host side, so
// errors.Is(err, storeerr.ErrUnavailable) works across the process boundary.
package storeerr
