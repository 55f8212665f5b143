package cli

import (
	"fmt"

	ucli "github.com/urfave/cli/v2"

	"github.com/quiverfs/quiver/host/internal/authz"
	"github.com/quiverfs/quiver/host/internal/featurestore"
	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

func teardownCommand(r *run) *ucli.Command {
	return &ucli.Command{
		Name:  "teardown",
		Usage: "remove the store infrastructure and online data of the project (the registry stays)",
		Action: func(c *ucli.Context) error {
			return r.withStore(c, r.teardown(c))
		},
	}
}

// teardown removes every online view and entity of the registered
// project, then what the offline store created for its sources.
func (r *run) teardown(c *ucli.Context) func(fs *featurestore.FeatureStore) error {
	return func(fs *featurestore.FeatureStore) error {
		ctx := c.Context
		repo, err := fs.Repo(ctx)
		if err != nil {
			return err
		}
		res := []authz.Resource{projectResource(fs)}
		for _, name := range repo.Names(model.KindFeatureView) {
			res = append(res, objectResource(model.KindFeatureView, name, repo.FeatureViews[name]))
		}
		if err := authz.Check(ctx, fs.Authorizer, authz.Delete, res...); err != nil {
			return err
		}
		onlineReq := &onlinestore.TeardownRequest{Project: fs.Project()}
		for _, name := range repo.Names(model.KindFeatureView) {
			spec, err := repo.ViewSpec(repo.FeatureViews[name])
			if err != nil {
				spec = types.FeatureViewSpec{Name: name}
			}
			onlineReq.Views = append(onlineReq.Views, spec)
		}
		for _, name := range repo.Names(model.KindEntity) {
			onlineReq.Entities = append(onlineReq.Entities, repo.Entities[name].EntitySpec())
		}
		online, err := fs.Online(ctx)
		if err != nil {
			return err
		}
		if _, err := online.Teardown(ctx, onlineReq); err != nil {
			return fmt.Errorf("online store %s: teardown: %w", fs.Config.OnlineStore.Type, err)
		}
		offlineReq := &offlinestore.TeardownRequest{Project: fs.Project()}
		for _, name := range repo.Names(model.KindDataSource) {
			if src := repo.DataSources[name]; src.Kind == model.SourceFile || src.Kind == model.SourceBigQuery {
				offlineReq.Sources = append(offlineReq.Sources, fs.SourceSpec(src))
			}
		}
		offline, err := fs.Offline(ctx)
		if err != nil {
			return err
		}
		if _, err := offline.Teardown(ctx, offlineReq); err != nil {
			return fmt.Errorf("offline store %s: teardown: %w", fs.Config.OfflineStore.Type, err)
		}
		fmt.Fprintf(r.stdout, "Removed the store infrastructure of project %s (feature views: %d, entities: %d).\n",
			fs.Project(), len(onlineReq.Views), len(onlineReq.Entities))
		return nil
	}
}
