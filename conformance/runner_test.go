package conformance

import (
	"strings"
	"testing"
	"time"

	"github.com/quiverfs/quiver/conformance/memstore"
)

// TestRunnerOutcomes checks how the standalone runner turns what a case
// does into a Result, cleanups included.
func TestRunnerOutcomes(t *testing.T) {
	t.Parallel()
	s := &session{cfg: NewConfig(), online: memstore.NewOnline()}
	tests := []struct {
		name        string
		run         func(e *env)
		needs       []capability
		wantStatus  Status
		wantMessage string
	}{
		{"pass", func(e *env) {}, nil, StatusPass, ""},
		{"errorf goes on", func(e *env) { e.Errorf("one"); e.Errorf("two") }, nil, StatusFail, "one; two"},
		{"fatalf stops", func(e *env) { e.Fatalf("stop"); e.Errorf("not reached") }, nil, StatusFail, "stop"},
		{"skipf", func(e *env) { e.Skipf("no %s", "thing") }, nil, StatusSkip, "no thing"},
		{"missing capability", func(e *env) { e.Errorf("not reached") }, []capability{capVectorSearch}, StatusSkip,
			"plugin does not advertise vector search"},
		{"panic", func(e *env) { panic("boom") }, nil, StatusFail, "panic: boom"},
		{"failing cleanup", func(e *env) { e.Cleanup(func() { e.Fatalf("cleanup failed") }) }, nil, StatusFail, "cleanup failed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := testCase{name: "OnlineStore/Test/" + tt.name, needs: tt.needs, run: tt.run}
			r := s.runStandalone(t.Context(), c)
			if r.Status != tt.wantStatus || !strings.HasPrefix(r.Message, tt.wantMessage) {
				t.Errorf("got %s %q, want %s %q", r.Status, r.Message, tt.wantStatus, tt.wantMessage)
			}
		})
	}
}

// TestRunnerCleanupOrder checks that cleanups run last registered first,
// after the case has stopped.
func TestRunnerCleanupOrder(t *testing.T) {
	t.Parallel()
	s := &session{cfg: NewConfig(), online: memstore.NewOnline()}
	var order []string
	c := testCase{name: "OnlineStore/Test/order", run: func(e *env) {
		e.Cleanup(func() { order = append(order, "first") })
		e.Cleanup(func() { order = append(order, "second") })
		e.Fatalf("stop")
	}}
	s.runStandalone(t.Context(), c)
	if strings.Join(order, ",") != "second,first" {
		t.Errorf("cleanup order %v, want [second first]", order)
	}
}

// TestRunnerSkipsMissingStores checks the group skips of a plugin that
// serves only an online store.
func TestRunnerSkipsMissingStores(t *testing.T) {
	t.Parallel()
	cfg := NewConfig()
	cfg.Online = memstore.HideVectorSearch(memstore.NewOnline())
	cfg.CaseTimeout = time.Minute
	results, err := RunCases(t.Context(), cfg, Options{Match: func(n string) bool {
		return strings.Contains(n, "SearchVectors") || strings.HasPrefix(n, "OfflineStore/")
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(results) == 0 {
		t.Fatal("no case selected")
	}
	for _, r := range results {
		if r.Status != StatusSkip {
			t.Errorf("%s: %s %q, want SKIP", r.Name, r.Status, r.Message)
		}
	}
}

func TestNameAt(t *testing.T) {
	t.Parallel()
	name := "OnlineStore/Read/should do a/b"
	for depth, want := range []string{"OnlineStore", "Read", "should do a/b", ""} {
		if got := nameAt(name, depth); got != want {
			t.Errorf("nameAt(%q, %d) = %q, want %q", name, depth, got, want)
		}
	}
}
