package bench

import (
	"context"
	"sync"
	"time"
)

// OpenLoop calls fn at a fixed rate for a duration and returns each call's
// latency measured from when it was due, or from when the worker woke up if
// that was later (a timer's oversleep is not the server's fault). A worker
// that falls behind schedule measures from the due time, so a slow server
// cannot hide its queueing (no coordinated omission). At most workers calls
// run at once.
func OpenLoop(ctx context.Context, rate int, d time.Duration, workers int, fn func(context.Context) error) (Latencies, int, error) {
	interval := time.Second / time.Duration(rate)
	total := int(d / interval)
	due := make(chan time.Time, total)
	start := time.Now()
	for i := range total {
		due <- start.Add(time.Duration(i) * interval)
	}
	close(due)
	var mu sync.Mutex
	lat := make(Latencies, 0, total)
	errs := 0
	var firstErr error
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for at := range due {
				from := at
				if wait := time.Until(at); wait > 0 {
					time.Sleep(wait)
					from = time.Now()
				}
				err := fn(ctx)
				took := time.Since(from)
				mu.Lock()
				lat = append(lat, took)
				if err != nil {
					errs++
					if firstErr == nil {
						firstErr = err
					}
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return lat, errs, firstErr
}

// ClosedLoop runs fn back to back from `clients` goroutines for d and
// returns the latencies and the achieved rate per second.
func ClosedLoop(ctx context.Context, clients int, d time.Duration, fn func(context.Context) error) (Latencies, float64, error) {
	var mu sync.Mutex
	var lat Latencies
	var firstErr error
	deadline := time.Now().Add(d)
	start := time.Now()
	var wg sync.WaitGroup
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var local Latencies
			for time.Now().Before(deadline) {
				t := time.Now()
				err := fn(ctx)
				local = append(local, time.Since(t))
				if err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
					break
				}
			}
			mu.Lock()
			lat = append(lat, local...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	return lat, float64(len(lat)) / time.Since(start).Seconds(), firstErr
}
