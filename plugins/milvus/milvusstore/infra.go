package milvusstore

import (
	"context"
	"strings"

	"github.com/milvus-io/milvus-sdk-go/v2/client"

	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// ApplyInfra creates a collection per kept view (re-creating it when the
// view's spec changed, which drops its rows) and drops deleted views'
// collections.
func (s *Store) ApplyInfra(ctx context.Context, req *onlinestore.ApplyInfraRequest) (*onlinestore.ApplyInfraResponse, error) {
	cli, cfg, err := s.conn()
	if err != nil {
		return nil, err
	}
	for _, spec := range req.ViewsToDelete {
		if err := s.drop(ctx, cli, collectionName(cfg.CollectionPrefix, req.Project, spec.Name)); err != nil {
			return nil, err
		}
	}
	for _, spec := range req.ViewsToKeep {
		if err := s.ensure(ctx, cli, cfg, req.Project, spec); err != nil {
			return nil, err
		}
	}
	return &onlinestore.ApplyInfraResponse{}, nil
}

// Teardown drops every collection of the project: the views named and any
// other collection under the project's prefix.
func (s *Store) Teardown(ctx context.Context, req *onlinestore.TeardownRequest) (*onlinestore.TeardownResponse, error) {
	cli, cfg, err := s.conn()
	if err != nil {
		return nil, err
	}
	colls, err := cli.ListCollections(ctx)
	if err != nil {
		return nil, downstream(err, "listing collections")
	}
	prefix := projectPrefix(cfg.CollectionPrefix, req.Project)
	for _, c := range colls {
		if strings.HasPrefix(c.Name, prefix) {
			if err := s.drop(ctx, cli, c.Name); err != nil {
				return nil, err
			}
		}
	}
	for _, v := range req.Views {
		s.forget(collectionName(cfg.CollectionPrefix, req.Project, v.Name))
	}
	return &onlinestore.TeardownResponse{}, nil
}

// drop drops a collection if it exists.
func (s *Store) drop(ctx context.Context, cli client.Client, coll string) error {
	s.forget(coll)
	has, err := cli.HasCollection(ctx, coll)
	if err != nil {
		return downstream(err, "checking collection "+coll)
	}
	if !has {
		return nil
	}
	if err := cli.DropCollection(ctx, coll); err != nil {
		return downstream(err, "dropping collection "+coll)
	}
	return nil
}

// ensure makes the collection of spec exist with spec's layout, indexed
// and loaded.
func (s *Store) ensure(ctx context.Context, cli client.Client, cfg Config, project string, spec types.FeatureViewSpec) error {
	coll := collectionName(cfg.CollectionPrefix, project, spec.Name)
	v, err := newView(spec, coll)
	if err != nil {
		return err
	}
	sch, err := v.schema()
	if err != nil {
		return err
	}
	has, err := cli.HasCollection(ctx, coll)
	if err != nil {
		return downstream(err, "checking collection "+coll)
	}
	if has {
		c, err := cli.DescribeCollection(ctx, coll)
		if err != nil {
			return downstream(err, "describing collection "+coll)
		}
		if c.Schema.Description == sch.Description {
			s.remember(v)
			if !c.Loaded {
				return load(ctx, cli, coll)
			}
			return nil
		}
		if err := s.drop(ctx, cli, coll); err != nil {
			return err
		}
	}
	return s.create(ctx, cli, cfg, v)
}

// create creates, indexes and loads the collection of v.
func (s *Store) create(ctx context.Context, cli client.Client, cfg Config, v *view) error {
	sch, err := v.schema()
	if err != nil {
		return err
	}
	idx, err := v.index(cfg.IndexType)
	if err != nil {
		return err
	}
	if err := cli.CreateCollection(ctx, sch, 1, client.WithConsistencyLevel(consistencyLevels[cfg.Consistency])); err != nil {
		return downstream(err, "creating collection "+v.collection)
	}
	if err := cli.CreateIndex(ctx, v.collection, v.vectorFieldName(), idx, false); err != nil {
		return downstream(err, "indexing collection "+v.collection)
	}
	if err := load(ctx, cli, v.collection); err != nil {
		return err
	}
	s.remember(v)
	return nil
}

func load(ctx context.Context, cli client.Client, coll string) error {
	if err := cli.LoadCollection(ctx, coll, false); err != nil {
		return downstream(err, "loading collection "+coll)
	}
	return nil
}
