package cli

import (
	"fmt"

	"github.com/quiverfs/quiver/host/internal/service"
	ucli "github.com/urfave/cli/v2"
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
	return r.withService(c, service.Options{}, func(svc *service.Service) error {
		res, err := svc.IngestDocuments(c.Context, &service.IngestRequest{FeatureView: c.String(flagFeatureView),
			Paths: c.Args().Slice(), ChunkSize: c.Int(flagChunkSize), Overlap: c.Int(flagChunkOverlap), Progress: r.stderr})
		if err != nil {
			return err
		}
		fmt.Fprintf(r.stdout, "Ingested %d chunks from %d files into %s with the %s embedder.\n",
			res.Chunks, res.Files, c.String(flagFeatureView), res.Embedder)
		return nil
	})
}
