package cli

import (
	"context"
	"fmt"

	ucli "github.com/urfave/cli/v2"

	"github.com/quiverfs/quiver/host/internal/authz"
	"github.com/quiverfs/quiver/host/internal/featurestore"
	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/host/internal/plan"
	"github.com/quiverfs/quiver/host/internal/registry"
	"github.com/quiverfs/quiver/sdk/onlinestore"
)

// opActions maps a registry change to the action it needs.
var opActions = map[registry.Op]authz.Action{
	registry.OpCreate: authz.Create, registry.OpUpdate: authz.Update, registry.OpDelete: authz.Delete,
}

func applyCommand(r *run) *ucli.Command {
	return &ucli.Command{
		Name:  "apply",
		Usage: "register the repository's definitions and create store infrastructure",
		Flags: []ucli.Flag{&ucli.BoolFlag{Name: flagPrune, Usage: "delete objects the files no longer define"}},
		Action: func(c *ucli.Context) error {
			return r.withStore(c, func(fs *featurestore.FeatureStore) error {
				return r.apply(c.Context, fs, c.Bool(flagPrune))
			})
		},
	}
}

// apply checks the definitions, asks the authorizer about every change,
// brings the online store's infrastructure in line, then records the
// changes in the registry.
func (r *run) apply(ctx context.Context, fs *featurestore.FeatureStore, prune bool) error {
	p, err := computePlan(ctx, fs, prune)
	if err != nil {
		return err
	}
	current, err := fs.Repo(ctx)
	if err != nil {
		return err
	}
	for _, ch := range p.Changes {
		obj := ch.Object
		if obj == nil {
			obj = current.Object(ch.Kind, ch.Name)
		}
		if err := authz.Check(ctx, fs.Authorizer, opActions[ch.Op], objectResource(ch.Kind, ch.Name, obj)); err != nil {
			return err
		}
	}
	if req, err := infraRequest(p); err != nil {
		return err
	} else if req != nil {
		online, err := fs.Online(ctx)
		if err != nil {
			return err
		}
		if _, err := online.ApplyInfra(ctx, req); err != nil {
			return fmt.Errorf("online store %s: applying infrastructure: %w", fs.Config.OnlineStore.Type, err)
		}
	}
	if err := fs.Registry.Apply(ctx, fs.Project(), p.RegistryChanges()); err != nil {
		return err
	}
	p.Render(r.stdout, fs.Config.OnlineStore.Type)
	if !p.Empty() {
		fmt.Fprintln(r.stdout, "Applied.")
	}
	return nil
}

// infraRequest is the plan's online request; when the plan changes no
// infrastructure it still asks the store to keep every online view, so
// apply restores what a teardown removed. It is nil when the project has
// no online view and nothing to delete.
func infraRequest(p *plan.Plan) (*onlinestore.ApplyInfraRequest, error) {
	if p.Infra != nil {
		return p.Infra, nil
	}
	req := &onlinestore.ApplyInfraRequest{Project: p.Project}
	for _, name := range p.Final.Names(model.KindFeatureView) {
		v := p.Final.FeatureViews[name]
		if !v.Online {
			continue
		}
		spec, err := p.Final.ViewSpec(v)
		if err != nil {
			return nil, err
		}
		req.ViewsToKeep = append(req.ViewsToKeep, spec)
	}
	if len(req.ViewsToKeep) == 0 {
		return nil, nil
	}
	for _, name := range p.Final.Names(model.KindEntity) {
		req.EntitiesToKeep = append(req.EntitiesToKeep, p.Final.Entities[name].EntitySpec())
	}
	return req, nil
}
