package conformance

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"
	"testing"
)

// testHandle is what a case needs from a test. A *testing.T (through
// tHandle) and the standalone runner's caseRun both implement it.
type testHandle interface {
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
	Skipf(format string, args ...any)
	Cleanup(func())
	Helper()
	Context() context.Context
}

var (
	_ testHandle = tHandle{}
	_ testHandle = (*caseRun)(nil)
)

// tHandle adapts a *testing.T; its context carries the case timeout.
type tHandle struct {
	*testing.T
	ctx context.Context
}

// Context returns the case's context.
func (h tHandle) Context() context.Context { return h.ctx }

// caseRun is the handle of one case run without testing: Fatalf and Skipf
// end the case's goroutine with runtime.Goexit, as testing does.
type caseRun struct {
	ctx      context.Context
	mu       sync.Mutex
	failed   bool
	skipped  bool
	msgs     []string
	cleanups []func()
}

// Errorf records a failure and lets the case go on.
func (r *caseRun) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.failed = true
	r.msgs = append(r.msgs, fmt.Sprintf(format, args...))
}

// Fatalf records a failure and ends the case.
func (r *caseRun) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	runtime.Goexit()
}

// Skipf records the reason and ends the case as skipped.
func (r *caseRun) Skipf(format string, args ...any) {
	r.mu.Lock()
	r.skipped = true
	r.msgs = append(r.msgs, fmt.Sprintf(format, args...))
	r.mu.Unlock()
	runtime.Goexit()
}

// Cleanup registers f to run, last registered first, when the case ends.
func (r *caseRun) Cleanup(f func()) {
	r.mu.Lock()
	r.cleanups = append(r.cleanups, f)
	r.mu.Unlock()
}

// Helper does nothing: messages carry no file positions.
func (r *caseRun) Helper() {}

// Context returns the case's context.
func (r *caseRun) Context() context.Context { return r.ctx }

// execute runs fn on its own goroutine, then the cleanups, and waits.
func (r *caseRun) execute(fn func(testHandle)) {
	r.guard(func() { fn(r) })
	for {
		r.mu.Lock()
		n := len(r.cleanups)
		if n == 0 {
			r.mu.Unlock()
			return
		}
		f := r.cleanups[n-1]
		r.cleanups = r.cleanups[:n-1]
		r.mu.Unlock()
		r.guard(f)
	}
}

// guard runs f on a new goroutine, turning a panic into a failure and
// absorbing runtime.Goexit.
func (r *caseRun) guard(f func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer func() {
			if p := recover(); p != nil {
				r.Errorf("panic: %v\n%s", p, debug.Stack())
			}
		}()
		f()
	}()
	<-done
}
