// Package apierr defines the errors the host's APIs return for bad requests
// (a wrong feature name, a missing join key, a body too large), so that
// every server maps them to one status code the same way.
package apierr

import (
	"errors"
	"fmt"
)

// Kind classifies a request error.
type Kind int

// The request error kinds.
const (
	KindInvalid              Kind = iota + 1 // HTTP 400, gRPC InvalidArgument
	KindNotFound                             // HTTP 404, gRPC NotFound
	KindTooLarge                             // HTTP 413, gRPC ResourceExhausted
	KindForbidden                            // HTTP 403, gRPC PermissionDenied
	KindUnsupportedMediaType                 // HTTP 415, gRPC InvalidArgument
)

// Error is a request error with a message that names what is wrong.
type Error struct {
	Kind    Kind
	Message string
}

func (e *Error) Error() string { return e.Message }

// Invalid returns a KindInvalid error.
func Invalid(format string, args ...any) *Error {
	return &Error{Kind: KindInvalid, Message: fmt.Sprintf(format, args...)}
}

// NotFound returns a KindNotFound error.
func NotFound(format string, args ...any) *Error {
	return &Error{Kind: KindNotFound, Message: fmt.Sprintf(format, args...)}
}

// TooLarge returns a KindTooLarge error.
func TooLarge(format string, args ...any) *Error {
	return &Error{Kind: KindTooLarge, Message: fmt.Sprintf(format, args...)}
}

// Forbidden returns a KindForbidden error.
func Forbidden(format string, args ...any) *Error {
	return &Error{Kind: KindForbidden, Message: fmt.Sprintf(format, args...)}
}

// UnsupportedMediaType returns a KindUnsupportedMediaType error.
func UnsupportedMediaType(format string, args ...any) *Error {
	return &Error{Kind: KindUnsupportedMediaType, Message: fmt.Sprintf(format, args...)}
}

// As returns err's *Error, if it has one.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}
