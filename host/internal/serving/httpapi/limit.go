package httpapi

import (
	"net/http"
	"strconv"
)

// retryAfterSeconds is what an overloaded server asks clients to wait.
const retryAfterSeconds = 1

// inFlightLimit caps the requests being handled at once. A request past
// the cap is answered at once with 503 and Retry-After rather than
// queued: queued requests would hold their bodies and connections.
type inFlightLimit struct {
	slots chan struct{}
}

func newInFlightLimit(n int) *inFlightLimit {
	return &inFlightLimit{slots: make(chan struct{}, n)}
}

// wrap runs next when a slot is free, and answers 503 otherwise.
func (l *inFlightLimit) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case l.slots <- struct{}{}:
			defer func() { <-l.slots }()
			next.ServeHTTP(w, r)
		default:
			w.Header().Set("Retry-After", strconv.Itoa(retryAfterSeconds))
			writeErrorCode(w, http.StatusServiceUnavailable, "overloaded",
				"the server is handling "+strconv.Itoa(cap(l.slots))+" requests (feature_server.max_in_flight_requests); retry shortly")
		}
	})
}
