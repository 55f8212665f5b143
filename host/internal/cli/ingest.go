package cli

import (
	"fmt"

	ucli "github.com/urfave/cli/v2"

	"github.com/quiverfs/quiver/host/internal/authz"
	"github.com/quiverfs/quiver/host/internal/embed"
	"github.com/quiverfs/quiver/host/internal/featurestore"
	"github.com/quiverfs/quiver/host/internal/ingest"
	"github.com/quiverfs/quiver/host/internal/model"
)

const (
	flagChunkSize    = "chunk-size"
	flagChunkOverlap = "chunk-overlap"
)

func ingestDocumentsCommand(r *run) *ucli.Command {
	return &ucli.Command{
		Name:      "ingest-documents",
		Usage:     "split text and Markdown files into chunks, embed them and write them to a documents feature view",
		UsageText: "quiver ingest-documents --feature-view docs [--chunk-size N] [--chunk-overlap N] PATH...",
		Flags: []ucli.Flag{
			&ucli.StringFlag{Name: flagFeatureView, Usage: "the documents feature view `NAME` (see docs/vectors.md)", Required: true},
			&ucli.IntFlag{Name: flagChunkSize, Value: 1000, Usage: "chunk size in `CHARACTERS`"},
			&ucli.IntFlag{Name: flagChunkOverlap, Value: 200, Usage: "overlap of consecutive chunks in `CHARACTERS`"},
		},
		Action: r.ingestDocuments,
	}
}

func (r *run) ingestDocuments(c *ucli.Context) error {
	if c.NArg() == 0 {
		return fmt.Errorf("name the files or folders to ingest, e.g. quiver ingest-documents --feature-view docs README.md docs/")
	}
	return r.withStore(c, func(fs *featurestore.FeatureStore) error {
		repo, err := fs.Repo(c.Context)
		if err != nil {
			return err
		}
		name := c.String(flagFeatureView)
		v, ok := repo.FeatureViews[name]
		if !ok {
			return fmt.Errorf("feature view %q is not registered (run quiver apply)", name)
		}
		if err := authz.Check(c.Context, fs.Authorizer, authz.WriteOnline, objectResource(model.KindFeatureView, name, v)); err != nil {
			return err
		}
		spec, err := repo.ViewSpec(v)
		if err != nil {
			return err
		}
		e, err := embed.New(fs.Config.Embedder)
		if err != nil {
			return err
		}
		online, err := fs.Online(c.Context)
		if err != nil {
			return err
		}
		res, err := ingest.Run(c.Context, ingest.Options{Store: online, Embedder: e, Project: repo.Project, View: spec,
			Paths: c.Args().Slice(), ChunkSize: c.Int(flagChunkSize), Overlap: c.Int(flagChunkOverlap), Progress: r.stderr})
		if err != nil {
			return err
		}
		fmt.Fprintf(r.stdout, "Ingested %d chunks from %d files into %s with the %s embedder.\n", res.Chunks, res.Files, name, e.Name())
		return nil
	})
}
