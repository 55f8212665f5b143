package model

import (
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// maxResolvedShapes bounds the lists of references a repo remembers the
// resolution of: clients choose them, so past this many, further lists
// are resolved each time and not kept.
const maxResolvedShapes = 4096

// resolvedCache remembers resolutions of one repo (a snapshot, which never
// changes), by the list of references or the service name asked for.
type resolvedCache struct {
	byRefs, byService sync.Map // string -> *Resolution
	size              atomic.Int32
}

// ResolveFeaturesShared is ResolveFeatures, remembered for the repo's
// lifetime per list of references (a serving snapshot lives until the
// registry is reloaded). The result is shared: callers must not change it.
// Only successful resolutions are kept.
func (r *Repo) ResolveFeaturesShared(refs []string) ([]FeatureRef, error) {
	res, err := r.FeaturesResolution(refs)
	if err != nil {
		return nil, err
	}
	return res.Refs, nil
}

// ResolveServiceShared is ResolveService, remembered as
// ResolveFeaturesShared is.
func (r *Repo) ResolveServiceShared(name string) ([]FeatureRef, error) {
	res, err := r.ServiceResolution(name)
	if err != nil {
		return nil, err
	}
	return res.Refs, nil
}

// FeaturesResolution is ResolveFeaturesShared with what reads derive from
// the references, also remembered.
func (r *Repo) FeaturesResolution(refs []string) (*Resolution, error) {
	if r.idx == nil {
		out, err := r.ResolveFeatures(refs)
		if err != nil {
			return nil, err
		}
		return newResolution(out), nil
	}
	key := refsKey(refs)
	if v, ok := r.idx.resolved.byRefs.Load(key); ok {
		return v.(*Resolution), nil
	}
	out, err := r.ResolveFeatures(refs)
	if err != nil {
		return nil, err
	}
	return r.idx.resolved.remember(&r.idx.resolved.byRefs, key, newResolution(out)), nil
}

// ServiceResolution is ResolveServiceShared with what reads derive from
// the references, also remembered.
func (r *Repo) ServiceResolution(name string) (*Resolution, error) {
	if r.idx == nil {
		out, err := r.ResolveService(name)
		if err != nil {
			return nil, err
		}
		return newResolution(out), nil
	}
	if v, ok := r.idx.resolved.byService.Load(name); ok {
		return v.(*Resolution), nil
	}
	out, err := r.ResolveService(name)
	if err != nil {
		return nil, err
	}
	return r.idx.resolved.remember(&r.idx.resolved.byService, name, newResolution(out)), nil
}

// remember keeps res under key while the cache has room, and returns the
// resolution kept under key (res, or one stored meanwhile).
func (c *resolvedCache) remember(m *sync.Map, key string, res *Resolution) *Resolution {
	if c.size.Add(1) > maxResolvedShapes {
		c.size.Add(-1)
		return res
	}
	if v, loaded := m.LoadOrStore(key, res); loaded {
		c.size.Add(-1)
		return v.(*Resolution)
	}
	return res
}

// refsKey is an unambiguous key of a list of references: each is prefixed
// by its length, so no two lists share a key whatever they contain.
func refsKey(refs []string) string {
	n := 0
	for _, r := range refs {
		n += len(r) + 4
	}
	var b strings.Builder
	b.Grow(n)
	for _, r := range refs {
		b.WriteString(strconv.Itoa(len(r)))
		b.WriteByte(':')
		b.WriteString(r)
	}
	return b.String()
}
