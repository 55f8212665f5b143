package cli

import (
	"context"
	"errors"

	ucli "github.com/urfave/cli/v2"

	"github.com/quiverfs/quiver/host/internal/authz"
	"github.com/quiverfs/quiver/host/internal/definitions"
	"github.com/quiverfs/quiver/host/internal/featurestore"
	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/host/internal/plan"
	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

const flagPrune = "prune"

func planCommand(r *run) *ucli.Command {
	return &ucli.Command{
		Name:  "plan",
		Usage: "check the definitions and show what apply would change",
		Flags: []ucli.Flag{&ucli.BoolFlag{Name: flagPrune, Usage: "plan to delete objects the files no longer define"}},
		Action: func(c *ucli.Context) error {
			return r.withStore(c, func(fs *featurestore.FeatureStore) error {
				p, err := computePlan(c.Context, fs, c.Bool(flagPrune))
				if err != nil {
					return err
				}
				p.Render(r.stdout, fs.Config.OnlineStore.Type)
				return nil
			})
		},
	}
}

// computePlan checks the store blocks of quiver.yaml, loads and checks the
// definitions, including each view's schema against its source as the
// offline store sees it, and plans the move from the registry to them.
// Problems come back as definitions.Problems, one "file:line:col: message"
// per line.
func computePlan(ctx context.Context, fs *featurestore.FeatureStore, prune bool) (*plan.Plan, error) {
	if err := authz.Check(ctx, fs.Authorizer, authz.Describe, projectResource(fs)); err != nil {
		return nil, err
	}
	storeProbs := storeProblems(ctx, fs)
	defs, err := definitions.Load(fs.Config.Dir, fs.Project())
	var problems definitions.Problems
	switch {
	case errors.As(err, &problems):
		return nil, append(storeProbs, problems...)
	case err != nil:
		return nil, err
	case len(storeProbs) > 0:
		return nil, storeProbs
	}
	offline, err := fs.Offline(ctx)
	if err != nil {
		return nil, err
	}
	lookup := func(ctx context.Context, src *model.DataSource) ([]types.Field, error) {
		resp, err := offline.GetSourceSchema(ctx, &offlinestore.GetSourceSchemaRequest{Source: fs.SourceSpec(src)})
		if err != nil {
			return nil, err
		}
		return resp.Columns, nil
	}
	if problems := defs.CheckSources(ctx, lookup); len(problems) > 0 {
		return nil, problems
	}
	current, err := fs.Repo(ctx)
	if err != nil {
		return nil, err
	}
	return plan.Compute(defs.Repo, current, prune)
}

// projectResource is the resource of project-wide operations.
func projectResource(fs *featurestore.FeatureStore) authz.Resource {
	return authz.Resource{Kind: "project", Name: fs.Project()}
}

// objectResource is the resource of one registry object.
func objectResource(kind model.Kind, name string, obj any) authz.Resource {
	res := authz.Resource{Kind: string(kind), Name: name}
	switch o := obj.(type) {
	case *model.Entity:
		res.Tags = o.Tags
	case *model.DataSource:
		res.Tags = o.Tags
	case *model.FeatureView:
		res.Tags = o.Tags
	case *model.FeatureService:
		res.Tags = o.Tags
	}
	return res
}
