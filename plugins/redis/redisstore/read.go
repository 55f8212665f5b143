package redisstore

import (
	"context"
	"unsafe"

	"github.com/redis/go-redis/v9"

	"github.com/quiverfs/quiver/plugins/redis/feastfmt"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

// Read implements onlinestore.Store: one HMGET per (view, entity key), all
// of them in one pipeline, so a whole request costs one round trip. A row
// is found when its view's _ts field exists; a feature field that is
// missing or empty is null.
func (s *Store) Read(ctx context.Context, req *onlinestore.ReadRequest) (*onlinestore.ReadResponse, error) {
	c, err := s.conn()
	if err != nil {
		return nil, err
	}
	cmds := make([][]*redis.SliceCmd, len(req.Views))
	pipe := c.client.Pipeline()
	var key []byte
	for vi, rv := range req.Views {
		base := s.shapes.args(rv)
		cmds[vi] = make([]*redis.SliceCmd, len(rv.EntityKeys))
		for ki, k := range rv.EntityKeys {
			if key, err = feastfmt.AppendRedisKey(key[:0], k, req.Project); err != nil {
				return nil, storeerr.InvalidArgument("view %s: %v", rv.FeatureView, err)
			}
			args := make([]any, len(base))
			copy(args, base)
			args[1] = string(key)
			cmd := redis.NewSliceCmd(ctx, args...)
			_ = pipe.Process(ctx, cmd)
			cmds[vi][ki] = cmd
		}
	}
	if pipe.Len() > 0 {
		if _, err := pipe.Exec(ctx); err != nil {
			return nil, storeError(c.name, "reading rows", err)
		}
	}
	out := &onlinestore.ReadResponse{Views: make([][]onlinestore.ReadRow, len(req.Views))}
	for vi, rv := range req.Views {
		rows := make([]onlinestore.ReadRow, len(rv.EntityKeys))
		for ki, cmd := range cmds[vi] {
			if rows[ki], err = decodeRow(rv, cmd.Val()); err != nil {
				return nil, storeerr.Internal("%s: view %s, key %s: %v", c.name, rv.FeatureView, rv.EntityKeys[ki], err).Downstream()
			}
		}
		out.Views[vi] = rows
	}
	return out, nil
}

// decodeRow turns an HMGET answer (features, _ts, _cts) into a row.
func decodeRow(rv onlinestore.ReadView, vals []any) (onlinestore.ReadRow, error) {
	n := len(rv.Features)
	if len(vals) != n+2 {
		return onlinestore.ReadRow{}, storeerr.Internal("HMGET answered %d fields for %d", len(vals), n+2)
	}
	ts, ok := vals[n].(string)
	if !ok {
		return onlinestore.ReadRow{}, nil
	}
	row := onlinestore.ReadRow{Found: true, Values: make([]types.Value, n)}
	var err error
	if row.EventTimestamp, err = feastfmt.DecodeTimestamp(bytesOf(ts)); err != nil {
		return row, err
	}
	if cts, ok := vals[n+1].(string); ok {
		if row.CreatedTimestamp, err = feastfmt.DecodeTimestamp(bytesOf(cts)); err != nil {
			return row, err
		}
	}
	for i := range n {
		s, _ := vals[i].(string)
		if s == "" {
			continue
		}
		if row.Values[i], err = feastfmt.DecodeValue(bytesOf(s)); err != nil {
			return row, storeerr.Internal("feature %s: %v", rv.Features[i], err)
		}
	}
	return row, nil
}

// bytesOf views a string's bytes without copying; the decoders only read
// them and copy what they keep.
func bytesOf(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }
