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

// kindError carries a kind, a message naming what is wrong and, when
// the input itself failed (a closed stream, a store's error sent down
// it), that cause.
type kindError struct {
	kind  error
	msg   string
	cause error
}

func (e *kindError) Error() string { return e.msg }

// Unwrap gives the kind and the cause, so errors.Is finds either.
func (e *kindError) Unwrap() []error {
	if e.cause == nil {
		return []error{e.kind}
	}
	return []error{e.kind, e.cause}
}

// readFailed is an ErrInvalid error about a failed read that keeps its cause.
func readFailed(what string, err error) error {
	return &kindError{kind: ErrInvalid, msg: fmt.Sprintf("arrow/ipc: reading %s: %v", what, err), cause: err}
}

func tooLarge(format string, args ...any) error {
	return &kindError{kind: ErrTooLarge, msg: fmt.Sprintf(format, args...)}
}

func invalid(format string, args ...any) error {
	return &kindError{kind: ErrInvalid, msg: fmt.Sprintf(format, args...)}
}
