package pitjoin

import (
	"context"
	"fmt"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"
	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/quiverfs/quiver/sdk/offlinestore"
)

// Join runs the point-in-time join of req in the host over rows pulled
// from store, and returns the result as a stream the caller releases.
// req.Entities is consumed. The request is validated first (Validate);
// nothing is pulled before it passes.
func (e *Engine) Join(ctx context.Context, store offlinestore.Store, req *offlinestore.HistoricalFeaturesRequest) (array.RecordReader, error) {
	if req.Entities == nil {
		return nil, fmt.Errorf("pitjoin: no entity records")
	}
	if err := Validate(req, req.Entities.Schema()); err != nil {
		return nil, err
	}
	conn, err := e.conn(ctx)
	if err != nil {
		return nil, err
	}
	j := &join{e: e, conn: conn, store: store, req: req, began: time.Now()}
	rd, err := j.run(ctx)
	if err != nil {
		j.close()
		return nil, err
	}
	return rd, nil
}

// join is one run of the host engine.
type join struct {
	e        *Engine
	conn     *duckdb.Conn
	store    offlinestore.Store
	req      *offlinestore.HistoricalFeaturesRequest
	pulls    []array.RecordReader
	releases []func()
	began    time.Time
}

func (j *join) run(ctx context.Context) (array.RecordReader, error) {
	log := j.e.log()
	st, err := loadEntities(ctx, j.conn, j.req.Entities, j.req.EntityTimestampColumn)
	if err != nil {
		return nil, err
	}
	log.Debug("entity table loaded", "rows", st.rows, "elapsed", time.Since(j.began))
	ar, err := duckdb.NewArrowFromConn(j.conn)
	if err != nil {
		return nil, err
	}
	caps := offlinestore.CapabilitiesOf(j.store)
	for i, v := range j.req.Views {
		pr, err := j.e.pullRequest(ctx, j.conn, j.req, v, st, caps.EntityFilter)
		if err != nil {
			return nil, err
		}
		resp, err := j.store.PullRange(ctx, pr)
		if err != nil {
			return nil, fmt.Errorf("pulling feature view %s: %w", v.View.Name, err)
		}
		j.pulls = append(j.pulls, resp.Records)
		release, err := ar.RegisterView(resp.Records, pullView(i))
		if err != nil {
			return nil, fmt.Errorf("pitjoin: registering the pull of %s: %w", v.View.Name, err)
		}
		j.releases = append(j.releases, release)
		log.Debug("pulling", "view", v.View.Name, "start", pr.Start, "end", pr.End, "entity_keys", len(pr.EntityKeys))
	}
	q := joinSQL(j.req, j.req.Entities.Schema())
	rd, err := ar.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("pitjoin: joining: %w", err)
	}
	log.Debug("join running", "elapsed", time.Since(j.began))
	return &resultReader{RecordReader: rd, done: j.close}, nil
}

// close releases the pulls and the connection.
func (j *join) close() {
	for _, r := range j.releases {
		r()
	}
	for _, p := range j.pulls {
		p.Release()
	}
	j.releases, j.pulls = nil, nil
	_ = j.conn.Close()
}

// resultReader is DuckDB's result stream; its last Release also releases
// the join's pulls and connection.
type resultReader struct {
	array.RecordReader
	done func()
	refs int64
}

// Retain adds a reference.
func (r *resultReader) Retain() { r.refs++; r.RecordReader.Retain() }

// Release drops a reference; the last one ends the join.
func (r *resultReader) Release() {
	r.RecordReader.Release()
	if r.refs--; r.refs < 0 && r.done != nil {
		r.done()
		r.done = nil
	}
}
