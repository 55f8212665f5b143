package redisstore

import (
	"bytes"
	"context"

	"github.com/redis/go-redis/v9"

	"github.com/quiverfs/quiver/plugins/redis/feastfmt"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

// scanCount is the COUNT hint of each SCAN step.
const scanCount = 1000

// ApplyInfra implements onlinestore.Store. Redis needs nothing created; kept
// views are checked for join key types Feast's key layout can hold. A deleted
// view loses its fields (its features, _ts and _cts) in every hash of the
// project with its join keys, found with SCAN and removed with pipelined HDEL;
// other views' fields stay, and Redis drops a hash left empty.
func (s *Store) ApplyInfra(ctx context.Context, req *onlinestore.ApplyInfraRequest) (*onlinestore.ApplyInfraResponse, error) {
	c, err := s.conn()
	if err != nil {
		return nil, err
	}
	for _, v := range req.ViewsToKeep {
		if err := checkJoinKeys(v); err != nil {
			return nil, err
		}
	}
	for _, v := range req.ViewsToDelete {
		fields := make([]string, 0, len(v.Features)+2)
		for _, f := range v.Features {
			fields = append(fields, feastfmt.FeatureField(v.Name, f.Name))
		}
		fields = append(fields, feastfmt.EventField(v.Name), feastfmt.CreatedField(v.Name))
		prefix := feastfmt.AppendKeyPrefix(nil, joinKeyNames(v))
		err := c.scanProject(ctx, req.Project, prefix, func(pipe redis.Pipeliner, key string) {
			pipe.HDel(ctx, key, fields...)
		})
		if err != nil {
			return nil, storeError(c.name, "deleting view "+v.Name, err)
		}
	}
	return &onlinestore.ApplyInfraResponse{}, nil
}

// Teardown implements onlinestore.Store: every hash of the project is
// removed (SCAN for keys ending in the project name, checked to be exactly
// an entity key followed by it, then pipelined UNLINK).
func (s *Store) Teardown(ctx context.Context, req *onlinestore.TeardownRequest) (*onlinestore.TeardownResponse, error) {
	c, err := s.conn()
	if err != nil {
		return nil, err
	}
	err = c.scanProject(ctx, req.Project, nil, func(pipe redis.Pipeliner, key string) { pipe.Unlink(ctx, key) })
	if err != nil {
		return nil, storeError(c.name, "tearing down project "+req.Project, err)
	}
	return &onlinestore.TeardownResponse{}, nil
}

// scanProject calls each for every key of the project that starts with
// prefix, one pipeline per SCAN page, on every master of a cluster.
func (c *conn) scanProject(ctx context.Context, project string, prefix []byte, each func(redis.Pipeliner, string)) error {
	pattern := append(globEscape(prefix), '*')
	pattern = append(pattern, globEscape([]byte(project))...)
	scan := func(ctx context.Context, node redis.UniversalClient) error {
		var cursor uint64
		for {
			keys, next, err := node.Scan(ctx, cursor, string(pattern), scanCount).Result()
			if err != nil {
				return err
			}
			pipe := node.Pipeline()
			for _, k := range keys {
				if bytes.HasPrefix([]byte(k), prefix) && feastfmt.ProjectOf([]byte(k), project) {
					each(pipe, k)
				}
			}
			if pipe.Len() > 0 {
				if _, err := pipe.Exec(ctx); err != nil {
					return err
				}
			}
			if cursor = next; cursor == 0 {
				return nil
			}
		}
	}
	if cc, ok := c.client.(*redis.ClusterClient); ok {
		return cc.ForEachMaster(ctx, func(ctx context.Context, n *redis.Client) error { return scan(ctx, n) })
	}
	return scan(ctx, c.client)
}

// globEscape escapes the glob metacharacters of a SCAN MATCH pattern.
func globEscape(b []byte) []byte {
	out := make([]byte, 0, len(b)+8)
	for _, ch := range b {
		switch ch {
		case '*', '?', '[', ']', '\\':
			out = append(out, '\\')
		}
		out = append(out, ch)
	}
	return out
}

// checkJoinKeys rejects join key types Feast's key layout cannot hold.
func checkJoinKeys(v types.FeatureViewSpec) error {
	for _, k := range v.JoinKeys {
		switch k.Type {
		case types.String, types.Bytes, types.Int32, types.Int64, types.Timestamp:
		default:
			return storeerr.InvalidArgument("view %s: join key %s has type %s; the redis online store (Feast's layout) supports string, bytes, int32, int64 and timestamp join keys",
				v.Name, k.Name, k.Type)
		}
	}
	return nil
}

func joinKeyNames(v types.FeatureViewSpec) []string {
	out := make([]string, len(v.JoinKeys))
	for i, k := range v.JoinKeys {
		out[i] = k.Name
	}
	return out
}
