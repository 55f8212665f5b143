package model

import "sync"

// Resolution is a resolved list of feature references together with what
// online reads derive from it: the answer's column names and the grouping
// by view. A shared resolution (FeaturesResolution, ServiceResolution)
// computes each once per snapshot; callers must not change what it returns.
type Resolution struct {
	Refs []FeatureRef

	names  [2]derived[[]string] // short, full
	byView derived[[]ViewFeatures]
}

// derived is a value computed once, on first use.
type derived[T any] struct {
	once sync.Once
	val  T
	err  error
}

func (d *derived[T]) get(compute func() (T, error)) (T, error) {
	d.once.Do(func() { d.val, d.err = compute() })
	return d.val, d.err
}

func newResolution(refs []FeatureRef) *Resolution { return &Resolution{Refs: refs} }

// OutputNames is OutputNames(s.Refs, fullNames), computed once.
func (s *Resolution) OutputNames(fullNames bool) ([]string, error) {
	i := 0
	if fullNames {
		i = 1
	}
	return s.names[i].get(func() ([]string, error) { return OutputNames(s.Refs, fullNames) })
}

// ViewFeatures is what a resolution asks of one view.
type ViewFeatures struct {
	View     string
	Features []string // the view's features, in the order asked
	Indexes  []int    // the index in Refs of each feature
}

// ByView groups the references by view, in order of first appearance,
// computed once.
func (s *Resolution) ByView() []ViewFeatures {
	out, _ := s.byView.get(func() ([]ViewFeatures, error) {
		var out []ViewFeatures
		at := map[string]int{}
		for i, ref := range s.Refs {
			j, ok := at[ref.View]
			if !ok {
				j = len(out)
				at[ref.View] = j
				out = append(out, ViewFeatures{View: ref.View})
			}
			out[j].Features = append(out[j].Features, ref.Feature)
			out[j].Indexes = append(out[j].Indexes, i)
		}
		return out, nil
	})
	return out
}
