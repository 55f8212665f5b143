package apierr

import (
	"context"
	"errors"
	"io"
	"testing"
)

func TestErrorsKeepWhatTheyWrap(t *testing.T) {
	t.Parallel()
	one := Invalid("reading the body: %w", io.ErrUnexpectedEOF)
	if !errors.Is(one, io.ErrUnexpectedEOF) || one.Error() != "reading the body: unexpected EOF" {
		t.Errorf("Invalid with %%w: %v, Is = %v", one, errors.Is(one, io.ErrUnexpectedEOF))
	}
	two := Forbidden("%w and %w", context.Canceled, io.EOF)
	if !errors.Is(two, context.Canceled) || !errors.Is(two, io.EOF) {
		t.Errorf("Forbidden with two %%w lost a cause: %#v", two.Causes)
	}
	plain := NotFound("no view %q", "x")
	if plain.Unwrap() != nil || errors.Is(plain, io.EOF) {
		t.Errorf("NotFound without %%w has causes %v", plain.Causes)
	}
	if e, ok := As(errors.Join(io.EOF, TooLarge("big"))); !ok || e.Kind != KindTooLarge {
		t.Errorf("As through a join = %v, %v", e, ok)
	}
}
