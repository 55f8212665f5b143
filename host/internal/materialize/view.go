package materialize

import (
	"context"
	"fmt"
	"time"

	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/onlinestore"
)

// ProgressWithTotal is a Progress that shows how far along a view is. When
// the reporter implements it, the materializer first counts the view's
// rows (a pull of the join keys only) and passes the count to SetTotal
// before the first Add.
type ProgressWithTotal interface {
	Progress
	SetTotal(rows int64)
}

// runView materializes one view: pull the latest row per entity in the
// window, convert and write in batches, then record the window.
func (m *Materializer) runView(ctx context.Context, p *viewPlan, req Request) (ViewResult, error) {
	began := time.Now()
	w, err := m.viewWindow(ctx, p, req)
	if err != nil {
		return ViewResult{}, err
	}
	res := ViewResult{View: p.view.Name, Start: w.start, End: w.end}
	prog := m.progress()
	prog.Start(p.view.Name, w.start, w.end)
	if w.empty {
		res.UpToDate = true
		res.Duration = time.Since(began)
		prog.Done(res)
		return res, nil
	}
	if pt, ok := prog.(ProgressWithTotal); ok {
		n, err := m.count(ctx, p, w)
		if err != nil {
			return res, err
		}
		pt.SetTotal(n)
	}
	rows, skipped, err := m.copyRows(ctx, p, w, prog)
	res.Rows, res.SkippedRows = rows, skipped
	if err != nil {
		return res, err
	}
	if err := m.record(ctx, p.view.Name, w); err != nil {
		return res, err
	}
	res.Duration = time.Since(began)
	prog.Done(res)
	return res, nil
}

// pull asks the offline store for the latest row per entity in w.
func (m *Materializer) pull(ctx context.Context, p *viewPlan, w window, features bool) (*offlinestore.PullResponse, error) {
	req := &offlinestore.PullRequest{Project: m.FS.Project(), Source: p.source,
		JoinKeys: names(p.schema.JoinKeys), Start: w.start, End: w.end}
	if features {
		req.FeatureColumns = names(p.schema.Features)
	}
	resp, err := p.offline.PullLatest(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("offline pull of %s: %w", p.source.Name, err)
	}
	return resp, nil
}

// count returns the number of rows the view's pull will return.
func (m *Materializer) count(ctx context.Context, p *viewPlan, w window) (int64, error) {
	resp, err := m.pull(ctx, p, w, false)
	if err != nil {
		return 0, err
	}
	defer resp.Records.Release()
	var n int64
	for resp.Records.Next() {
		n += resp.Records.RecordBatch().NumRows()
	}
	return n, resp.Records.Err()
}

// copyRows streams the pull into online writes of BatchRows rows and
// returns the number of rows written and skipped. Converting the next batch overlaps
// with writing the previous ones (writeWorkers writes in flight): with a
// plugin store, the host, the plugin and the database work at the same
// time. Online writes are newer-wins, so their order does not matter.
func (m *Materializer) copyRows(ctx context.Context, p *viewPlan, w window, prog Progress) (written, skipped int64, err error) {
	resp, err := m.pull(ctx, p, w, true)
	if err != nil {
		return 0, 0, err
	}
	rd := resp.Records
	defer rd.Release()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	writes := newWriters(ctx, writeWorkers, func(rows []onlinestore.WriteRow) error {
		if err := m.write(ctx, p, rows); err != nil {
			return err
		}
		prog.Add(int64(len(rows)))
		return nil
	})
	size := m.batchRows()
	var stats RowStats
	batch := make([]onlinestore.WriteRow, 0, size)
	for rd.Next() && writes.ok() {
		if batch, err = ConvertRecord(rd.RecordBatch(), p.schema, batch, &stats); err != nil {
			cancel()
			writes.wait()
			return writes.written, stats.Skipped(), fmt.Errorf("source %s: %w", p.source.Name, err)
		}
		for len(batch) >= size {
			writes.send(batch[:size:size])
			batch = append(make([]onlinestore.WriteRow, 0, size), batch[size:]...)
		}
	}
	if len(batch) > 0 {
		writes.send(batch)
	}
	if err := writes.wait(); err != nil {
		return writes.written, stats.Skipped(), err
	}
	if err := rd.Err(); err != nil {
		return writes.written, stats.Skipped(), fmt.Errorf("offline pull of %s: %w", p.source.Name, err)
	}
	m.warnSkipped(p, stats)
	return writes.written, stats.Skipped(), nil
}

// write sends one batch to the online store.
func (m *Materializer) write(ctx context.Context, p *viewPlan, rows []onlinestore.WriteRow) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	_, err := p.online.WriteBatch(ctx, &onlinestore.WriteBatchRequest{Project: m.FS.Project(),
		FeatureView: p.view.Name, FeatureNames: names(p.schema.Features), Rows: rows})
	if err != nil {
		return fmt.Errorf("online write: %w", err)
	}
	return nil
}

// warnSkipped logs rows the online store could not take.
func (m *Materializer) warnSkipped(p *viewPlan, stats RowStats) {
	if stats.Skipped() > 0 {
		m.FS.Logger.Warn("skipped source rows", "view", p.view.Name,
			"null_event_timestamp", stats.NoEventTime, "null_join_key", stats.NullKey,
			"outside_time_window", stats.OutsideTimeWindow)
	}
}

func (m *Materializer) batchRows() int {
	if m.BatchRows > 0 {
		return m.BatchRows
	}
	return DefaultBatchRows
}

// progress returns the reporter of the next view.
func (m *Materializer) progress() Progress {
	if m.Progress != nil {
		if p := m.Progress(); p != nil {
			return p
		}
	}
	return nopProgress{}
}

// nopProgress reports nothing.
type nopProgress struct{}

func (nopProgress) Start(string, time.Time, time.Time) {}
func (nopProgress) Add(int64)                          {}
func (nopProgress) Done(ViewResult)                    {}
