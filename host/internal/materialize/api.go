package materialize

import (
	"time"

	"github.com/quiverfs/quiver/host/internal/featurestore"
)

// Request says what to materialize.
type Request struct {
	// Views to materialize; empty means every online view.
	Views []string
	// Start and End bound event time, [Start, End). Start is ignored when
	// Incremental is set.
	Start, End time.Time
	// Incremental starts each view where its last run ended (the first run
	// starts at End minus the view's ttl, or at the oldest row when ttl is 0).
	Incremental bool
}

// ViewResult reports one view's run.
type ViewResult struct {
	View  string    `json:"view"`
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
	Rows  int64     `json:"rows"`
	// SkippedRows counts source rows not stored: a null event timestamp
	// or join key, or a timestamp outside the ingestion window.
	SkippedRows int64         `json:"skipped_rows,omitempty"`
	Duration    time.Duration `json:"duration_ns"`
	UpToDate    bool          `json:"up_to_date,omitempty"`
}

// Result reports a run.
type Result struct {
	Views []ViewResult `json:"views"`
}

// Progress receives progress of one view; a terminal shows a bar, a log
// gets plain lines.
type Progress interface {
	Start(view string, start, end time.Time)
	Add(rows int64)
	Done(result ViewResult)
}

// Materializer runs materializations for one feature store.
type Materializer struct {
	FS *featurestore.FeatureStore
	// Progress returns a progress reporter per view. Optional.
	Progress func() Progress
	// BatchRows is the number of rows per online write; default 10,000.
	BatchRows int
}
