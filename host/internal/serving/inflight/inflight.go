// Package inflight caps the requests a feature server handles at once.
// One Limit is shared by the HTTP and gRPC front ends, so
// feature_server.max_in_flight_requests bounds the server, not each API.
//
// Start with New.
package inflight

// Limit counts requests in flight against a fixed number of slots.
type Limit struct {
	slots chan struct{}
}

// New returns a Limit of n slots; n below 1 counts as 1.
func New(n int) *Limit {
	return &Limit{slots: make(chan struct{}, max(n, 1))}
}

// TryAcquire takes a slot if one is free; it never waits. A caller that
// got one calls Release when its request ends.
func (l *Limit) TryAcquire() bool {
	select {
	case l.slots <- struct{}{}:
		return true
	default:
		return false
	}
}

// Release frees a slot taken by TryAcquire.
func (l *Limit) Release() { <-l.slots }

// Cap returns the number of slots.
func (l *Limit) Cap() int { return cap(l.slots) }
