package storeerr

import (
	"errors"
	"fmt"
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
