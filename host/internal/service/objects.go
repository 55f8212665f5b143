package service

import (
	"context"
	"errors"
	"fmt"

	"github.com/quiverfs/quiver/host/internal/apierr"
	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/host/internal/registry"
	"github.com/quiverfs/quiver/host/internal/textclip"
)

// Object is a registry object: its stored record and its model value.
type Object struct {
	Record registry.Record
	// Value is *model.Entity, *model.DataSource, *model.FeatureView or
	// *model.FeatureService.
	Value any
}

// List returns the current objects of a kind that carry every tag of
// tags, by name, leaving out those the caller may not DESCRIBE.
func (s *Service) List(ctx context.Context, kind model.Kind, tags map[string]string) ([]Object, error) {
	recs, err := s.fs.Registry.List(ctx, s.Project(), kind)
	if err != nil {
		return nil, err
	}
	repo := s.Repo()
	out := make([]Object, 0, len(recs))
	for _, rec := range recs {
		obj := repo.Object(rec.Kind, rec.Name)
		if obj == nil {
			return nil, fmt.Errorf("%s %q is in the registry but could not be loaded", rec.Kind, rec.Name)
		}
		if !hasTags(resourceOf(kind, rec.Name, obj).Tags, tags) {
			continue
		}
		if ok, err := s.allowed(ctx, describeAccess(kind, rec.Name, obj)); err != nil {
			return nil, err
		} else if ok {
			out = append(out, Object{Record: rec, Value: obj})
		}
	}
	return out, nil
}

// Describe returns one object with its history, oldest version first,
// after asking for DESCRIBE on it.
func (s *Service) Describe(ctx context.Context, kind model.Kind, name string) (*Object, []registry.Version, error) {
	obj, err := s.Get(ctx, kind, name)
	if err != nil {
		return nil, nil, err
	}
	history, err := s.fs.Registry.History(ctx, s.Project(), kind, name)
	if err != nil {
		return nil, nil, err
	}
	return obj, history, nil
}

// Get returns one current object, after asking for DESCRIBE on it.
func (s *Service) Get(ctx context.Context, kind model.Kind, name string) (*Object, error) {
	rec, err := s.fs.Registry.Get(ctx, s.Project(), kind, name)
	if errors.Is(err, registry.ErrNotFound) {
		return nil, apierr.NotFound("no %s named %q in project %s", kind, textclip.Clip(name, 80), s.Project()).About(ObjectOf(kind))
	}
	if err != nil {
		return nil, err
	}
	obj := s.Repo().Object(kind, name)
	if obj == nil {
		return nil, fmt.Errorf("%s %q is in the registry but could not be loaded", kind, name)
	}
	if err := s.check(ctx, describeAccess(kind, name, obj)); err != nil {
		return nil, err
	}
	return &Object{Record: *rec, Value: obj}, nil
}

// hasTags reports whether tags include every filter.
func hasTags(tags, filter map[string]string) bool {
	for k, v := range filter {
		if got, ok := tags[k]; !ok || got != v {
			return false
		}
	}
	return true
}

// ObjectOf is the apierr object kind of a registry kind.
func ObjectOf(kind model.Kind) apierr.Object {
	switch kind {
	case model.KindEntity:
		return apierr.Entity
	case model.KindDataSource:
		return apierr.DataSource
	case model.KindFeatureView:
		return apierr.FeatureView
	case model.KindFeatureService:
		return apierr.FeatureService
	case model.KindPermission:
		return apierr.Permission
	}
	return ""
}
