package model

import "sync"

// repoIndex holds lookups derived from a repo, built once on first use.
type repoIndex struct {
	once     sync.Once
	features map[string]map[string]Field // view -> feature -> field
	resolved resolvedCache
}

// featureIndex returns view -> feature -> field for every view. The repo
// must not change after the first call (a loaded repo never does; Add
// resets the index).
func (r *Repo) featureIndex() map[string]map[string]Field {
	r.idx.once.Do(func() {
		r.idx.features = make(map[string]map[string]Field, len(r.FeatureViews))
		for name, v := range r.FeatureViews {
			fs := map[string]Field{}
			for _, f := range r.Features(v) {
				fs[f.Name] = f
			}
			r.idx.features[name] = fs
		}
	})
	return r.idx.features
}
