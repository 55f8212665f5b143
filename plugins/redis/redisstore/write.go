package redisstore

import (
	"context"
	"strconv"
	"sync"

	"github.com/redis/go-redis/v9"

	"github.com/quiverfs/quiver/plugins/redis/feastfmt"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

// WriteBatch implements onlinestore.Store. Rows go to Redis in pipelines of
// write_chunk_rows rows (one round trip each, up to writeConcurrency at once), each row through the write
// script (EVALSHA), so a row older than the stored one never overwrites it,
// whatever other writers do at the same time. Within a batch the rows are
// applied in order, so the newest row wins too.
func (s *Store) WriteBatch(ctx context.Context, req *onlinestore.WriteBatchRequest) (*onlinestore.WriteBatchResponse, error) {
	c, err := s.conn()
	if err != nil {
		return nil, err
	}
	fields := make([]string, len(req.FeatureNames))
	for i, f := range req.FeatureNames {
		fields[i] = feastfmt.FeatureField(req.FeatureView, f)
	}
	base := rowWriter{view: req.FeatureView, project: req.Project, fields: fields,
		eventField: feastfmt.EventField(req.FeatureView), createdField: feastfmt.CreatedField(req.FeatureView),
		ttl: strconv.FormatInt(c.settings.KeyTTLSeconds, 10), sha: c.script.sha}
	// Chunks go out concurrently (writeConcurrency pipelines in flight), so
	// encoding overlaps Redis's work; the script keeps newer-wins exact
	// whatever the order in which chunks land.
	var wg sync.WaitGroup
	var once sync.Once
	var firstErr error
	sem := make(chan struct{}, writeConcurrency)
	for start := 0; start < len(req.Rows); start += c.settings.WriteChunkRows {
		rows := req.Rows[start:min(len(req.Rows), start+c.settings.WriteChunkRows)]
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			w := base
			if err := c.writeChunk(ctx, &w, rows); err != nil {
				once.Do(func() { firstErr = err })
			}
		})
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	return &onlinestore.WriteBatchResponse{RowsReceived: int64(len(req.Rows))}, nil
}

// writeConcurrency bounds the pipelines one WriteBatch has in flight.
const writeConcurrency = 4

// writeChunk encodes rows and writes them in one pipeline.
func (c *conn) writeChunk(ctx context.Context, w *rowWriter, rows []onlinestore.WriteRow) error {
	cmds := make([]redis.Cmder, len(rows))
	for i := range rows {
		args, err := w.args(&rows[i])
		if err != nil {
			return err
		}
		cmds[i] = redis.NewCmd(ctx, args...)
	}
	return c.runWrites(ctx, cmds)
}

// rowWriter builds the EVALSHA commands of one WriteBatch.
type rowWriter struct {
	view, project            string
	fields                   []string // hash field of each feature
	eventField, createdField string
	ttl, sha                 string
	key                      []byte // scratch
}

// args returns the EVALSHA arguments writing one row.
func (w *rowWriter) args(r *onlinestore.WriteRow) ([]any, error) {
	if len(r.Values) != len(w.fields) {
		return nil, storeerr.InvalidArgument("row %s of view %s has %d values for %d features", r.EntityKey, w.view, len(r.Values), len(w.fields))
	}
	if r.EventTimestamp.IsZero() {
		return nil, storeerr.InvalidArgument("row %s of view %s has no event timestamp", r.EntityKey, w.view)
	}
	var err error
	if w.key, err = feastfmt.AppendRedisKey(w.key[:0], r.EntityKey, w.project); err != nil {
		return nil, storeerr.InvalidArgument("view %s: %v", w.view, err)
	}
	created, createdUS := "", "0"
	if !r.CreatedTimestamp.IsZero() {
		created = string(feastfmt.AppendTimestamp(nil, r.CreatedTimestamp))
		createdUS = strconv.FormatInt(types.ToMicros(r.CreatedTimestamp), 10)
	}
	args := make([]any, 0, 11+2*len(w.fields))
	args = append(args, "evalsha", w.sha, 1, string(w.key), w.eventField, w.createdField,
		strconv.FormatInt(types.ToMicros(r.EventTimestamp), 10), createdUS,
		string(feastfmt.AppendTimestamp(nil, r.EventTimestamp)), created, w.ttl)
	var buf []byte
	for i, f := range w.fields {
		start := len(buf)
		buf = feastfmt.AppendValue(buf, r.Values[i])
		args = append(args, f, buf[start:len(buf):len(buf)])
	}
	return args, nil
}

// runWrites sends the commands in one pipeline. When the server has lost
// the script (a restart, SCRIPT FLUSH), it loads it and sends them again:
// the script makes a repeated write harmless.
func (c *conn) runWrites(ctx context.Context, cmds []redis.Cmder) error {
	for attempt := 0; ; attempt++ {
		err := c.pipeline(ctx, cmds)
		if err == nil {
			return nil
		}
		if !isNoScript(err) || attempt > 0 {
			return storeError(c.name, "writing rows", err)
		}
		if err := c.script.load(ctx, c.client); err != nil {
			return storeError(c.name, "loading the write script", err)
		}
		for _, cmd := range cmds {
			cmd.SetErr(nil)
		}
	}
}

// pipeline sends cmds in one pipeline and returns the first error.
func (c *conn) pipeline(ctx context.Context, cmds []redis.Cmder) error {
	pipe := c.client.Pipeline()
	for _, cmd := range cmds {
		_ = pipe.Process(ctx, cmd)
	}
	_, err := pipe.Exec(ctx)
	return err
}
