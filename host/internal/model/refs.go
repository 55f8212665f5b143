package model

import (
	"fmt"
	"strings"

	"github.com/quiverfs/quiver/host/internal/apierr"
)

// FeatureRef is one requested feature of a view.
type FeatureRef struct {
	View    string
	Feature string
}

// String renders "view:feature".
func (f FeatureRef) String() string { return f.View + ":" + f.Feature }

// FullName renders "view__feature", the name with full feature names.
func (f FeatureRef) FullName() string { return f.View + "__" + f.Feature }

// UnknownError names an unknown feature, view or service.
type UnknownError struct {
	What string // "feature view", "feature", "feature service"
	Name string
}

func (e *UnknownError) Error() string { return fmt.Sprintf("unknown %s %q", e.What, e.Name) }

// Object is the apierr object kind of e.What.
func (e *UnknownError) Object() apierr.Object {
	switch e.What {
	case "feature view":
		return apierr.FeatureView
	case "feature service":
		return apierr.FeatureService
	}
	return apierr.Feature
}

// ResolveFeatures parses "view:feature" (or "view" for all its features)
// references against the repo.
func (r *Repo) ResolveFeatures(refs []string) ([]FeatureRef, error) {
	var out []FeatureRef
	for _, ref := range refs {
		viewName, feature, hasFeature := strings.Cut(ref, ":")
		v, ok := r.FeatureViews[viewName]
		if !ok {
			return nil, &UnknownError{What: "feature view", Name: viewName}
		}
		if !hasFeature {
			for _, f := range r.Features(v) {
				out = append(out, FeatureRef{View: v.Name, Feature: f.Name})
			}
			continue
		}
		if _, ok := r.Feature(v, feature); !ok {
			return nil, &UnknownError{What: "feature", Name: ref}
		}
		out = append(out, FeatureRef{View: v.Name, Feature: feature})
	}
	return out, nil
}

// ResolveService returns the features of a feature service.
func (r *Repo) ResolveService(name string) ([]FeatureRef, error) {
	s, ok := r.FeatureServices[name]
	if !ok {
		return nil, &UnknownError{What: "feature service", Name: name}
	}
	return r.ResolveFeatures(s.Features)
}

// OutputNames returns the output column name of each ref, and an error
// naming the first collision when full names are off.
func OutputNames(refs []FeatureRef, fullNames bool) ([]string, error) {
	names := make([]string, len(refs))
	seen := map[string]FeatureRef{}
	for i, ref := range refs {
		names[i] = ref.Feature
		if fullNames {
			names[i] = ref.FullName()
		}
		if prev, dup := seen[names[i]]; dup {
			return nil, fmt.Errorf("feature name %q is ambiguous (%s and %s); ask with full feature names", names[i], prev, ref)
		}
		seen[names[i]] = ref
	}
	return names, nil
}
