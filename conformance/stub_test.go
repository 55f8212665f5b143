package conformance

import (
	"context"
	"strings"
	"testing"

	"github.com/quiverfs/quiver/sdk/onlinestore"
)

// TestStubReportsFailuresAndSkipsWithoutAborting runs the suite against a
// store that implements nothing: capability cases pass, cases that need a
// configured store fail naming the Configure error, and cases for what the
// store does not advertise are skipped.
func TestStubReportsFailuresAndSkipsWithoutAborting(t *testing.T) {
	t.Parallel()
	cfg := NewConfig()
	cfg.Online, cfg.Name = onlinestore.Unimplemented{Name: "stub"}, "stub"
	results, err := RunCases(context.Background(), cfg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	counts := map[Status]int{}
	for _, r := range results {
		counts[r.Status]++
		switch {
		case strings.Contains(r.Name, "GetCapabilities/should report the plugin's name") && strings.HasPrefix(r.Name, "OnlineStore/"):
			if r.Status != StatusPass {
				t.Errorf("%s: %s %s, want PASS", r.Name, r.Status, r.Message)
			}
		case strings.HasPrefix(r.Name, "OnlineStore/SearchVectors/") || strings.HasPrefix(r.Name, "OfflineStore/"):
			if r.Status != StatusSkip {
				t.Errorf("%s: %s, want SKIP", r.Name, r.Status)
			}
		case r.Name == "OnlineStore/Read/should return the values written":
			if r.Status != StatusFail || !strings.Contains(r.Message, "Configure is not implemented yet") {
				t.Errorf("%s: %s %q, want FAIL naming the Configure error", r.Name, r.Status, r.Message)
			}
		}
	}
	if counts[StatusPass] == 0 || counts[StatusFail] == 0 || counts[StatusSkip] == 0 {
		t.Errorf("counts = %v, want passes, failures and skips", counts)
	}
}
