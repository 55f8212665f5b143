package materialize

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/quiverfs/quiver/sdk/onlinestore"
)

// writeWorkers is how many online writes of one view are in flight at once.
const writeWorkers = 2

// writers runs batches through write on a few goroutines and keeps the
// first error; after an error the remaining batches are dropped.
type writers struct {
	ctx     context.Context
	batches chan []onlinestore.WriteRow
	wg      sync.WaitGroup
	once    sync.Once
	err     error
	failed  atomic.Bool
	written int64 // rows written; read after wait
	mu      sync.Mutex
}

func newWriters(ctx context.Context, n int, write func([]onlinestore.WriteRow) error) *writers {
	w := &writers{ctx: ctx, batches: make(chan []onlinestore.WriteRow, n)}
	for range n {
		w.wg.Go(func() {
			for rows := range w.batches {
				if w.failed.Load() {
					continue
				}
				if err := write(rows); err != nil {
					w.once.Do(func() { w.err = err; w.failed.Store(true) })
					continue
				}
				w.mu.Lock()
				w.written += int64(len(rows))
				w.mu.Unlock()
			}
		})
	}
	return w
}

// ok reports whether no write has failed and the context is live.
func (w *writers) ok() bool { return !w.failed.Load() && w.ctx.Err() == nil }

// send queues a batch; it blocks while every worker is busy.
func (w *writers) send(rows []onlinestore.WriteRow) {
	if w.ok() {
		w.batches <- rows
	}
}

// wait waits for the queued writes and returns the first error, or the
// context's error when it ended first.
func (w *writers) wait() error {
	close(w.batches)
	w.wg.Wait()
	if w.err != nil {
		return w.err
	}
	return w.ctx.Err()
}
