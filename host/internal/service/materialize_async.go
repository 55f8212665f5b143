package service

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/quiverfs/quiver/host/internal/apierr"
)

// MaterializeAccepted is the answer to an asynchronous materialization:
// Feast's {"status": "accepted", "feature_views": [...]}.
type MaterializeAccepted struct {
	Status       string   `json:"status"`
	FeatureViews []string `json:"feature_views"`
}

// MaterializeAsync checks and authorizes a materialization as Materialize
// does, then runs it in the background and answers at once (Feast's
// ?async=true). A view that a background run is still materializing is a
// Conflict naming it; nothing starts then. The run outlives the request
// and logs its outcome.
func (s *Service) MaterializeAsync(ctx context.Context, req *MaterializeRequest) (*MaterializeAccepted, error) {
	run, err := s.materializeRun(ctx, req)
	if err != nil {
		return nil, err
	}
	if err := s.background.start(run.Views); err != nil {
		return nil, err
	}
	logger := s.fs.Logger.Named("materialize")
	go func() {
		defer s.background.finish(run.Views)
		began := time.Now()
		res, err := s.materializer().Run(context.WithoutCancel(ctx), run)
		if err != nil {
			logger.Error("background materialization failed", "views", strings.Join(run.Views, ","), "error", err)
			return
		}
		var rows int64
		for _, v := range res.Views {
			rows += v.Rows
		}
		logger.Info("background materialization done", "views", strings.Join(run.Views, ","), "rows", rows,
			"seconds", time.Since(began).Seconds())
	}()
	return &MaterializeAccepted{Status: "accepted", FeatureViews: append([]string{}, run.Views...)}, nil
}

// backgroundRuns are the views background materializations hold.
type backgroundRuns struct {
	mu      sync.Mutex
	running map[string]bool
}

// start marks views as materializing, or names those already are.
func (b *backgroundRuns) start(views []string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	var busy []string
	for _, v := range views {
		if b.running[v] {
			busy = append(busy, v)
		}
	}
	if len(busy) > 0 {
		return apierr.Conflict("feature views already materializing in the background: %s; try again when they are done",
			strings.Join(busy, ", "))
	}
	if b.running == nil {
		b.running = map[string]bool{}
	}
	for _, v := range views {
		b.running[v] = true
	}
	return nil
}

// finish releases views.
func (b *backgroundRuns) finish(views []string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, v := range views {
		delete(b.running, v)
	}
}
