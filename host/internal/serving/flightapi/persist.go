package flightapi

import (
	"context"
	"path"
	"strings"
	"time"

	"github.com/quiverfs/quiver/host/internal/apierr"
	"github.com/quiverfs/quiver/host/internal/registry"
	"github.com/quiverfs/quiver/host/internal/textclip"
)

// persist answers persist, Feast's create_saved_dataset: the training set
// of the job is built again from the uploaded entity dataframe and saved
// as a Quiver saved dataset (quiver list datasets shows it). The dataset
// is named after the storage's data source: its name, or, for Feast's
// unnamed file storage whose name is its path, the file's base name
// without extension.
func (s *server) persist(ctx context.Context, cmd *command, up *upload) error {
	if cmd.RetrieveFunc != apiHistorical {
		return apierr.Invalid("persist of a %s job is not served: only training sets (get_historical_features) are saved", textclip.Clip(cmd.RetrieveFunc, 80))
	}
	if cmd.AllowOverwrite {
		return apierr.Invalid("persist with allow_overwrite is not served: saved datasets are never overwritten; pick a new name")
	}
	name := datasetName(cmd.DataSourceName)
	if err := s.svc.PrepareDataset(ctx, name); err != nil {
		return err
	}
	req, resp, err := s.trainingSet(ctx, cmd, up)
	if err != nil {
		return err
	}
	defer resp.Records.Release()
	d := registry.Dataset{Name: name, Features: req.Features, FullFeatureNames: req.FullFeatureNames,
		Entities: "entity dataframe uploaded by Feast's client"}
	if req.Entities == nil {
		d.Entities = "entity-less " + req.Start.Format(time.RFC3339) + " to " + req.End.Format(time.RFC3339)
	}
	saved, err := s.svc.SaveDataset(ctx, d, resp.Records)
	if err != nil {
		return err
	}
	s.log.Info("saved dataset from Feast's client", "name", saved.Name, "rows", saved.Rows)
	return nil
}

// datasetName is the saved dataset name of a storage data source name.
func datasetName(source string) string {
	if !strings.ContainsAny(source, `/\.`) {
		return source
	}
	base := path.Base(strings.ReplaceAll(source, `\`, "/"))
	if i := strings.IndexByte(base, '.'); i > 0 {
		base = base[:i]
	}
	return base
}
