package cli

import (
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	ucli "github.com/urfave/cli/v2"

	"github.com/quiverfs/quiver/host/internal/registry"
	"github.com/quiverfs/quiver/host/internal/service"
)

// listDatasetsCommand is `quiver list datasets`.
func listDatasetsCommand(r *run) *ucli.Command {
	return &ucli.Command{
		Name:  "datasets",
		Usage: "list the saved datasets (get-historical-features --save-as)",
		Flags: []ucli.Flag{outputFlag()},
		Action: func(c *ucli.Context) error {
			format, err := outputFormat(c)
			if err != nil {
				return err
			}
			return r.withService(c, service.Options{}, func(svc *service.Service) error {
				list, err := svc.Datasets(c.Context)
				if err != nil {
					return err
				}
				if format == "json" {
					if list == nil {
						list = []registry.Dataset{}
					}
					return writeJSON(r, list)
				}
				if len(list) == 0 {
					fmt.Fprintln(r.stderr, "no datasets saved")
					return nil
				}
				w := tabwriter.NewWriter(r.stdout, 0, 4, 2, ' ', 0)
				fmt.Fprintln(w, "NAME\tROWS\tCOLUMNS\tCREATED\tSTORAGE")
				for _, d := range list {
					fmt.Fprintf(w, "%s\t%d\t%d\t%s\t%s\n", d.Name, d.Rows, len(d.Columns), d.CreatedAt.Format(time.RFC3339), storageCell(d.Storage))
				}
				return w.Flush()
			})
		},
	}
}

// describeDataset prints one saved dataset.
func (r *run) describeDataset(c *ucli.Context, name, format string) error {
	return r.withService(c, service.Options{}, func(svc *service.Service) error {
		d, err := svc.Dataset(c.Context, name)
		if err != nil {
			return err
		}
		if format == "json" {
			return writeJSON(r, d)
		}
		w := tabwriter.NewWriter(r.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintf(w, "name:\t%s\n", d.Name)
		if d.FeatureService != "" {
			fmt.Fprintf(w, "feature_service:\t%s\n", d.FeatureService)
		} else {
			fmt.Fprintf(w, "features:\t%s\n", strings.Join(d.Features, ","))
		}
		fmt.Fprintf(w, "full_feature_names:\t%v\n", d.FullFeatureNames)
		fmt.Fprintf(w, "entities:\t%s\n", d.Entities)
		fmt.Fprintf(w, "storage:\t%s\n", storageCell(d.Storage))
		fmt.Fprintf(w, "rows:\t%d\n", d.Rows)
		fmt.Fprintf(w, "created_at:\t%s\n", d.CreatedAt.Format(time.RFC3339Nano))
		fmt.Fprintln(w, "columns:")
		for _, col := range d.Columns {
			fmt.Fprintf(w, "  %s\t%s\n", col.Name, col.Type)
		}
		return w.Flush()
	})
}

func storageCell(m map[string]string) string {
	if p, ok := m["path"]; ok {
		return p
	}
	return formatTags(m)
}
