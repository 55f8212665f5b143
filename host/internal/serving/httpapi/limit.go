package httpapi

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"golang.org/x/sync/semaphore"

	"github.com/quiverfs/quiver/host/internal/serving/inflight"
)

// retryAfterSeconds is what an overloaded server asks clients to wait.
const retryAfterSeconds = 1

// bodyWait bounds how long a request waits for its share of the body
// budget before it is turned away.
const bodyWait = 5 * time.Second

// admission caps the work in the server: at most inFlight's requests are
// handled at once (across HTTP and gRPC), and the bodies being decoded at
// once add up to at most two maximum-size bodies' bytes, since a decoded
// JSON body keeps about 17 times its size and allocates about 59 times
// (BenchmarkDecodeJSONBody). A request past the first cap is answered at
// once with 503 and Retry-After rather than queued; one waiting for body
// budget waits up to bodyWait.
type admission struct {
	inFlight *inflight.Limit
	budget   *semaphore.Weighted
	maxBody  int64
	errors   errorForm
}

func newAdmission(inFlight *inflight.Limit, maxBody int64, errors errorForm) *admission {
	return &admission{inFlight: inFlight, budget: semaphore.NewWeighted(2 * maxBody), maxBody: maxBody, errors: errors}
}

// wrap runs next when a slot and the body's budget are free.
func (l *admission) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !l.inFlight.TryAcquire() {
			l.overloaded(w, r, "the server is handling "+strconv.Itoa(l.inFlight.Cap())+" requests (feature_server.max_in_flight_requests); retry shortly")
			return
		}
		defer l.inFlight.Release()
		weight := r.ContentLength
		switch {
		case weight > l.maxBody:
			l.errors.write(w, r, http.StatusRequestEntityTooLarge, "payload_too_large",
				"request body is larger than the limit of "+strconv.FormatInt(l.maxBody, 10)+" bytes (feature_server.max_body_bytes)", "")
			return
		case weight < 0: // length unknown until read: count the most it may be
			weight = l.maxBody
		}
		ctx, cancel := context.WithTimeout(r.Context(), bodyWait)
		err := l.budget.Acquire(ctx, weight)
		cancel()
		if err != nil {
			l.overloaded(w, r, "the server is decoding as many request bodies as it may hold; retry shortly")
			return
		}
		defer l.budget.Release(weight)
		next.ServeHTTP(w, r)
	})
}

// overloaded answers 503 with Retry-After.
func (l *admission) overloaded(w http.ResponseWriter, r *http.Request, msg string) {
	w.Header().Set("Retry-After", strconv.Itoa(retryAfterSeconds))
	l.errors.write(w, r, http.StatusServiceUnavailable, "overloaded", msg, "")
}
