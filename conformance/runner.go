package conformance

import (
	"context"
	"strings"
	"time"
)

// Status is the outcome of a case.
type Status string

// The outcomes.
const (
	StatusPass Status = "PASS"
	StatusFail Status = "FAIL"
	StatusSkip Status = "SKIP"
)

// Result is the outcome of one case run by RunCases.
type Result struct {
	Name     string        // Service/RPC/should …
	Status   Status        // PASS, FAIL or SKIP
	Message  string        // the failures or the skip reason; empty on PASS
	Duration time.Duration // how long the case ran
}

// Options control RunCases.
type Options struct {
	// Match selects cases by full name. Optional; nil runs every case.
	Match func(name string) bool
	// OnResult is called as each case ends, e.g. to print it. Optional.
	OnResult func(Result)
}

// RunCases runs the suite without a testing.T and returns one Result per
// selected case, in suite order. The error is for a plugin that cannot be
// launched or configured; failing cases are Results, not errors.
func RunCases(ctx context.Context, cfg Config, opts Options) ([]Result, error) {
	cfg = cfg.withDefaults()
	s, err := openSession(ctx, cfg)
	if err != nil {
		return nil, err
	}
	defer s.close()
	var out []Result
	for _, c := range allCases() {
		if opts.Match != nil && !opts.Match(c.name) {
			continue
		}
		res := s.runStandalone(ctx, c)
		out = append(out, res)
		if opts.OnResult != nil {
			opts.OnResult(res)
		}
	}
	return out, nil
}

// runStandalone runs one case on a caseRun handle.
func (s *session) runStandalone(ctx context.Context, c testCase) Result {
	ctx, cancel := s.caseContext(ctx)
	defer cancel()
	r := &caseRun{ctx: ctx}
	start := time.Now()
	r.execute(func(h testHandle) { s.runCase(h, c) })
	res := Result{Name: c.name, Duration: time.Since(start), Status: StatusPass}
	switch {
	case r.failed:
		res.Status = StatusFail
	case r.skipped:
		res.Status = StatusSkip
	}
	if res.Status != StatusPass {
		res.Message = strings.Join(r.msgs, "; ")
	}
	return res
}
