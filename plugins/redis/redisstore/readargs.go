package redisstore

import (
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/quiverfs/quiver/plugins/redis/feastfmt"
	"github.com/quiverfs/quiver/sdk/onlinestore"
)

// maxReadShapes bounds the (view, features) lists whose HMGET arguments
// are remembered; past it, arguments are built for each read.
const maxReadShapes = 4096

// readShapes remembers the HMGET arguments of each (view, features) list
// read: the field names are murmur3 hashes of "view:feature", the same for
// every read of the list, and hashing fifty of them per request was about
// a twentieth of the plugin's CPU under load (docs/benchmarks.md).
type readShapes struct {
	m sync.Map // string -> []any, shared: callers copy before changing
	n atomic.Int32
}

// args returns the HMGET arguments of rv with a placeholder for the key
// (readArgs), remembered. The slice is shared: callers must copy it.
func (c *readShapes) args(rv onlinestore.ReadView) []any {
	key := shapeKey(rv)
	if v, ok := c.m.Load(key); ok {
		return v.([]any)
	}
	args := readArgs(rv)
	if c.n.Add(1) > maxReadShapes {
		c.n.Add(-1)
		return args
	}
	if v, loaded := c.m.LoadOrStore(key, args); loaded {
		c.n.Add(-1)
		return v.([]any)
	}
	return args
}

// shapeKey names a (view, features) list unambiguously: each name is
// prefixed by its length.
func shapeKey(rv onlinestore.ReadView) string {
	n := len(rv.FeatureView) + 4
	for _, f := range rv.Features {
		n += len(f) + 4
	}
	var b strings.Builder
	b.Grow(n)
	for _, s := range append([]string{rv.FeatureView}, rv.Features...) {
		b.WriteString(strconv.Itoa(len(s)))
		b.WriteByte(':')
		b.WriteString(s)
	}
	return b.String()
}

// readArgs returns the HMGET command of a view with a placeholder for the
// key: the features' fields, then _ts and _cts.
func readArgs(rv onlinestore.ReadView) []any {
	args := make([]any, 0, 4+len(rv.Features))
	args = append(args, "hmget", "")
	for _, f := range rv.Features {
		args = append(args, feastfmt.FeatureField(rv.FeatureView, f))
	}
	return append(args, feastfmt.EventField(rv.FeatureView), feastfmt.CreatedField(rv.FeatureView))
}
