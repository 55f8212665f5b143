package service

import (
	"errors"
	"strings"
	"testing"

	"github.com/quiverfs/quiver/host/internal/apierr"
)

// TestBackgroundRunsRefuseBusyViews: a view held by a background run
// cannot start another until it is finished; other views can.
func TestBackgroundRunsRefuseBusyViews(t *testing.T) {
	var b backgroundRuns
	if err := b.start([]string{"a", "b"}); err != nil {
		t.Fatal(err)
	}
	err := b.start([]string{"c", "b"})
	var e *apierr.Error
	if !errors.As(err, &e) || e.Kind != apierr.KindConflict || !strings.Contains(e.Message, "background: b;") {
		t.Fatalf("start of a busy view: %v; want a Conflict naming b only", err)
	}
	if err := b.start([]string{"c"}); err != nil {
		t.Errorf("start of a free view while others run: %v", err)
	}
	b.finish([]string{"a", "b"})
	if err := b.start([]string{"b"}); err != nil {
		t.Errorf("start after finish: %v", err)
	}
}
