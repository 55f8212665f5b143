package materialize

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// ProgressFor returns the reporter factory for output: a bar per view
// when out is a terminal, plain log lines on log otherwise.
func ProgressFor(out io.Writer, log hclog.Logger) func() Progress {
	if f, ok := out.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return func() Progress { return &barProgress{out: out} }
	}
	return func() Progress { return &logProgress{log: log, every: 10 * time.Second} }
}

// barProgress draws a terminal bar: rows, rows per second and time left.
type barProgress struct {
	out  io.Writer
	view string
	bar  *progressbar.ProgressBar
}

var _ ProgressWithTotal = (*barProgress)(nil)

// Start implements Progress.
func (b *barProgress) Start(view string, start, end time.Time) {
	b.view = view
	fmt.Fprintf(b.out, "%s: %s to %s\n", view, start.Format(time.RFC3339), end.Format(time.RFC3339))
}

// SetTotal implements ProgressWithTotal; it draws the bar.
func (b *barProgress) SetTotal(rows int64) {
	b.bar = progressbar.NewOptions64(rows,
		progressbar.OptionSetWriter(b.out),
		progressbar.OptionSetDescription(b.view),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("rows"),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionFullWidth(),
		progressbar.OptionSetRenderBlankState(true),
	)
}

// Add implements Progress.
func (b *barProgress) Add(rows int64) {
	if b.bar != nil {
		_ = b.bar.Add64(rows)
	}
}

// Done implements Progress.
func (b *barProgress) Done(r ViewResult) {
	if b.bar != nil {
		_ = b.bar.Finish()
		fmt.Fprintln(b.out)
	}
	fmt.Fprintln(b.out, summary(r))
}

// logProgress writes a log line when a view starts, at most every `every`
// while it runs, and when it ends.
type logProgress struct {
	log   hclog.Logger
	every time.Duration
	view  string
	rows  int64
	began time.Time
	last  time.Time
}

// Start implements Progress.
func (l *logProgress) Start(view string, start, end time.Time) {
	l.view, l.began, l.last = view, time.Now(), time.Now()
	l.log.Info("materializing", "view", view, "start", start.Format(time.RFC3339), "end", end.Format(time.RFC3339))
}

// Add implements Progress.
func (l *logProgress) Add(rows int64) {
	l.rows += rows
	if now := time.Now(); now.Sub(l.last) >= l.every {
		l.last = now
		l.log.Info("materializing", "view", l.view, "rows", l.rows, "rows_per_s", rate(l.rows, now.Sub(l.began)))
	}
}

// Done implements Progress.
func (l *logProgress) Done(r ViewResult) {
	l.log.Info("materialized", "view", r.View, "rows", r.Rows, "up_to_date", r.UpToDate,
		"duration", r.Duration.Round(time.Millisecond), "rows_per_s", rate(r.Rows, r.Duration))
}

// summary is the line printed after a view.
func summary(r ViewResult) string {
	if r.UpToDate {
		return fmt.Sprintf("%s: up to date", r.View)
	}
	return fmt.Sprintf("%s: %d rows in %s (%d rows/s)", r.View, r.Rows, r.Duration.Round(time.Millisecond), rate(r.Rows, r.Duration))
}

// rate returns rows per second.
func rate(rows int64, d time.Duration) int64 {
	if d <= 0 {
		return 0
	}
	return int64(float64(rows) / d.Seconds())
}
