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
	KindUnauthenticated                      // HTTP 401, gRPC Unauthenticated
	KindConflict                             // HTTP 409, gRPC FailedPrecondition
)

// Error is a request error with a message that names what is wrong. The
// constructors format like fmt.Errorf: a %w argument becomes a cause that
// errors.Is and errors.As find.
type Error struct {
	Kind    Kind
	Message string
	// Object names the kind of object a KindNotFound error (or an unknown
	// name in a KindInvalid one) is about, one of the Object constants;
	// empty when the error is not about a named object. Servers use it to
	// pick a finer error class (Feast's FeatureViewNotFoundException).
	Object Object
	// Causes are the errors the message wraps with %w.
	Causes []error
}

func (e *Error) Error() string { return e.Message }

// Object is a kind of registry object an error is about.
type Object string

// The objects an error can be about.
const (
	FeatureView         Object = "feature_view"
	Feature             Object = "feature"
	FeatureService      Object = "feature_service"
	Entity              Object = "entity"
	DataSource          Object = "data_source"
	PushSource          Object = "push_source"
	SavedDataset        Object = "saved_dataset"
	Project             Object = "project"
	Permission          Object = "permission"
	ValidationReference Object = "validation_reference"
)

// About sets the object e is about and returns e.
func (e *Error) About(o Object) *Error {
	e.Object = o
	return e
}

// Unwrap returns the wrapped causes.
func (e *Error) Unwrap() []error { return e.Causes }

// newError formats like fmt.Errorf and keeps what %w wrapped.
func newError(kind Kind, format string, args ...any) *Error {
	err := fmt.Errorf(format, args...)
	e := &Error{Kind: kind, Message: err.Error()}
	switch w := err.(type) {
	case interface{ Unwrap() error }:
		e.Causes = []error{w.Unwrap()}
	case interface{ Unwrap() []error }:
		e.Causes = w.Unwrap()
	}
	return e
}

// Invalid returns a KindInvalid error.
func Invalid(format string, args ...any) *Error {
	return newError(KindInvalid, format, args...)
}

// NotFound returns a KindNotFound error.
func NotFound(format string, args ...any) *Error {
	return newError(KindNotFound, format, args...)
}

// TooLarge returns a KindTooLarge error.
func TooLarge(format string, args ...any) *Error {
	return newError(KindTooLarge, format, args...)
}

// Forbidden returns a KindForbidden error.
func Forbidden(format string, args ...any) *Error {
	return newError(KindForbidden, format, args...)
}

// Unauthenticated returns a KindUnauthenticated error.
func Unauthenticated(format string, args ...any) *Error {
	return newError(KindUnauthenticated, format, args...)
}

// UnsupportedMediaType returns a KindUnsupportedMediaType error.
func UnsupportedMediaType(format string, args ...any) *Error {
	return newError(KindUnsupportedMediaType, format, args...)
}

// Conflict returns a KindConflict error: the request clashes with work
// under way (a view already materializing).
func Conflict(format string, args ...any) *Error {
	return newError(KindConflict, format, args...)
}

// As returns err's *Error, if it has one.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}
