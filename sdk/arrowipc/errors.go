package arrowipc

import (
	"errors"
	"fmt"
)

// The error kinds of a rejected stream; returned errors wrap one of them.
var (
	// ErrTooLarge: the stream, a message or its decoded form is over a limit.
	ErrTooLarge = errors.New("arrow stream too large")
	// ErrInvalid: the stream is not a well-formed Arrow IPC stream of
	// supported types.
	ErrInvalid = errors.New("invalid arrow stream")
)

// kindError carries a kind and a message naming what is wrong.
type kindError struct {
	kind error
	msg  string
}

func (e *kindError) Error() string { return e.msg }
func (e *kindError) Unwrap() error { return e.kind }

func tooLarge(format string, args ...any) error {
	return &kindError{kind: ErrTooLarge, msg: fmt.Sprintf(format, args...)}
}

func invalid(format string, args ...any) error {
	return &kindError{kind: ErrInvalid, msg: fmt.Sprintf(format, args...)}
}
