package service

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/quiverfs/quiver/host/internal/apierr"
	"github.com/quiverfs/quiver/sdk/storeerr"
)

func TestClassifyHidesServerPathsInServerSideFailures(t *testing.T) {
	t.Parallel()
	cause := fmt.Errorf("plugin redis: fork/exec /srv/quiver/plugins/quiver-plugin-redis: no such file or directory")
	tests := []struct {
		name     string
		err      error
		code     Code
		hidden   string
		keptText string
	}{
		{"plugin launch failure", storeerr.Unavailable("plugin redis exited; relaunching failed: %w", cause),
			CodeUnavailable, "/srv/quiver", "quiver-plugin-redis: no such file"},
		{"internal error", fmt.Errorf("opening /var/lib/quiver/data/online.db: disk full"), CodeInternal, "/var/lib", "online.db: disk full"},
		{"canceled", fmt.Errorf("reading /tmp/x/y.parquet: %w", context.Canceled), CodeCanceled, "/tmp/x", "y.parquet"},
	}
	for _, tt := range tests {
		code, msg := Classify(tt.err)
		if code != tt.code || strings.Contains(msg, tt.hidden) || !strings.Contains(msg, tt.keptText) {
			t.Errorf("%s: Classify = %s %q; want %s without %q, with %q", tt.name, code, msg, tt.code, tt.hidden, tt.keptText)
		}
	}
	// A client's own input is echoed as given.
	if _, msg := Classify(apierr.Invalid("unknown file /a/b/c")); msg != "unknown file /a/b/c" {
		t.Errorf("a bad request's message was changed: %q", msg)
	}
}

func TestClassifyCutsHugeMessages(t *testing.T) {
	t.Parallel()
	name := strings.Repeat("é", 200_000)
	_, msg := Classify(apierr.NotFound("unknown feature view %q", name))
	if len(msg) > MaxMessageBytes+32 || !strings.HasSuffix(msg, fmt.Sprintf("... (%d bytes)", len(fmt.Sprintf("unknown feature view %q", name)))) || !utf8.ValidString(msg) {
		t.Errorf("a message quoting a 400 KB name became %d bytes (valid UTF-8: %v)", len(msg), utf8.ValidString(msg))
	}
}
