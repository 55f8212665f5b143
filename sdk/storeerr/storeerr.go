package storeerr

import (
	"errors"
	"fmt"
)

// Kind classifies an error.
type Kind string

// The error kinds.
const (
	KindInvalidArgument Kind = "invalid_argument"
	KindNotFound        Kind = "not_found"
	KindUnavailable     Kind = "unavailable"
	KindUnsupported     Kind = "unsupported"
	KindInternal        Kind = "internal"
)

// Source says where an error came from.
type Source string

// The error sources.
const (
	SourcePlugin     Source = "plugin"
	SourceDownstream Source = "downstream"
)

// Sentinels for errors.Is; an *Error matches the sentinel of its kind.
var (
	ErrInvalidArgument = &Error{Kind: KindInvalidArgument, Message: "invalid argument"}
	ErrNotFound        = &Error{Kind: KindNotFound, Message: "not found"}
	ErrUnavailable     = &Error{Kind: KindUnavailable, Message: "unavailable"}
	ErrUnsupported     = &Error{Kind: KindUnsupported, Message: "unsupported"}
	ErrInternal        = &Error{Kind: KindInternal, Message: "internal error"}
)

// Error is an error with a kind and a source.
type Error struct {
	Kind    Kind
	Source  Source // SourcePlugin when empty
	Message string // the full message, including the cause's text
	Err     error  // wrapped cause; optional
}

// Error implements error. Message is the whole text; Err is kept only for
// errors.Is / errors.As.
func (e *Error) Error() string {
	if e.Message == "" && e.Err != nil {
		return e.Err.Error()
	}
	return e.Message
}

// Unwrap returns the wrapped cause.
func (e *Error) Unwrap() error { return e.Err }

// Is matches the sentinel of the same kind.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && sentinel(t) && t.Kind == e.Kind
}

func sentinel(e *Error) bool {
	switch e {
	case ErrInvalidArgument, ErrNotFound, ErrUnavailable, ErrUnsupported, ErrInternal:
		return true
	}
	return false
}

func newf(kind Kind, format string, args ...any) *Error {
	err := fmt.Errorf(format, args...)
	return &Error{Kind: kind, Source: SourcePlugin, Message: err.Error(), Err: errors.Unwrap(err)}
}

// InvalidArgument returns an error for a bad request or configuration.
func InvalidArgument(format string, args ...any) *Error {
	return newf(KindInvalidArgument, format, args...)
}

// NotFound returns an error for something that does not exist.
func NotFound(format string, args ...any) *Error { return newf(KindNotFound, format, args...) }

// Unavailable returns an error for a store that cannot be reached now.
func Unavailable(format string, args ...any) *Error { return newf(KindUnavailable, format, args...) }

// Unsupported returns an error for an operation the store does not offer.
func Unsupported(format string, args ...any) *Error { return newf(KindUnsupported, format, args...) }

// Internal returns an error for a bug or an unexpected state.
func Internal(format string, args ...any) *Error { return newf(KindInternal, format, args...) }

// Wrap returns cause as an error of kind, its message prefixed with what
// the store was doing ("" for none), keeping cause for errors.Is and
// errors.As: storeerr.Wrap(storeerr.KindUnavailable, err, "reading view
// stats").Downstream(). Call it only with a non-nil cause: a nil cause
// gives an Internal error saying so (never a nil *Error, which would be a
// non-nil error interface).
func Wrap(kind Kind, cause error, doing string) *Error {
	if cause == nil {
		return Internal("storeerr.Wrap called with no cause (while %s)", doing)
	}
	msg := cause.Error()
	if doing != "" {
		msg = doing + ": " + msg
	}
	return &Error{Kind: kind, Source: SourcePlugin, Message: msg, Err: cause}
}

// Downstream marks e as coming from the system behind the store and returns it.
func (e *Error) Downstream() *Error {
	e.Source = SourceDownstream
	return e
}

// As returns err as an *Error whose message is err's full text. An error
// of no kind becomes KindInternal.
func As(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		src := e.Source
		if src == "" {
			src = SourcePlugin
		}
		if e == err {
			return e
		}
		return &Error{Kind: e.Kind, Source: src, Message: err.Error()}
	}
	return &Error{Kind: KindInternal, Source: SourcePlugin, Message: err.Error()}
}
