package storeerr

import (
	"errors"
	"fmt"
	"os"
	"testing"
)

func TestKindsMatchTheirSentinelOnly(t *testing.T) {
	t.Parallel()
	err := fmt.Errorf("ctx: %w", Unavailable("redis down: %w", errors.New("dial")))
	if !errors.Is(err, ErrUnavailable) || errors.Is(err, ErrInternal) {
		t.Fatalf("errors.Is mismatch for %v", err)
	}
	e := As(err)
	if e.Kind != KindUnavailable || e.Message != "ctx: redis down: dial" {
		t.Errorf("As = %+v", e)
	}
	if As(errors.New("x")).Kind != KindInternal {
		t.Error("a plain error is not Internal")
	}
	if d := Unavailable("x").Downstream(); d.Source != SourceDownstream {
		t.Error("Downstream did not mark the source")
	}
}

func TestWrapKeepsTheCauseAndAddsAKind(t *testing.T) {
	t.Parallel()
	cause := fmt.Errorf("dial tcp 127.0.0.1:1: %w", os.ErrDeadlineExceeded)
	err := Wrap(KindUnavailable, cause, "reading view stats").Downstream()
	if !errors.Is(err, ErrUnavailable) || !errors.Is(err, os.ErrDeadlineExceeded) || err.Source != SourceDownstream {
		t.Errorf("Wrap lost the kind, the cause or the source: %#v", err)
	}
	if got := err.Error(); got != "reading view stats: dial tcp 127.0.0.1:1: i/o timeout" {
		t.Errorf("message %q", got)
	}
	if err := Wrap(KindUnavailable, nil, "x"); !errors.Is(err, ErrInternal) {
		t.Errorf("Wrap of a nil cause = %v, want an Internal error", err)
	}
}
