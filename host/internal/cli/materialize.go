package cli

import (
	"fmt"
	"time"

	ucli "github.com/urfave/cli/v2"

	"github.com/quiverfs/quiver/host/internal/materialize"
	"github.com/quiverfs/quiver/host/internal/service"
)

const (
	flagViews     = "views"
	flagBatchRows = "batch-rows"
)

func materializeFlags() []ucli.Flag {
	return []ucli.Flag{
		&ucli.StringSliceFlag{Name: flagViews, Usage: "only these feature `VIEWS` (comma-separated or repeated); default: every online view"},
		&ucli.IntFlag{Name: flagBatchRows, Value: materialize.DefaultBatchRows, Usage: "rows per online write"},
	}
}

func materializeCommand(r *run) *ucli.Command {
	return &ucli.Command{
		Name:      "materialize",
		Usage:     "load the latest feature values with event time in [START, END) into the online store",
		ArgsUsage: "START END   (ISO 8601, e.g. 2025-03-01T00:00:00; UTC unless an offset is given; or \"now\")",
		Flags:     materializeFlags(),
		Action: func(c *ucli.Context) error {
			args, err := positionalArgs(c)
			if err != nil {
				return err
			}
			if len(args) != 2 {
				return fmt.Errorf("materialize needs START and END; run `quiver materialize --help`")
			}
			return r.materialize(c, &service.MaterializeRequest{Start: args[0], End: args[1], StartName: "START", EndName: "END"})
		},
	}
}

func materializeIncrementalCommand(r *run) *ucli.Command {
	return &ucli.Command{
		Name:      "materialize-incremental",
		Usage:     "load the latest feature values since each view's last materialization up to END",
		ArgsUsage: "END   (ISO 8601, e.g. 2025-03-01T00:00:00; UTC unless an offset is given; or \"now\")",
		Flags:     materializeFlags(),
		Action: func(c *ucli.Context) error {
			args, err := positionalArgs(c)
			if err != nil {
				return err
			}
			if len(args) != 1 {
				return fmt.Errorf("materialize-incremental needs END; run `quiver materialize-incremental --help`")
			}
			return r.materialize(c, &service.MaterializeRequest{End: args[0], Incremental: true, EndName: "END"})
		},
	}
}

// materialize runs req with a bar per view on a terminal, log lines
// otherwise.
func (r *run) materialize(c *ucli.Context, req *service.MaterializeRequest) error {
	req.Views = splitList(c.StringSlice(flagViews))
	log, err := logger(c)
	if err != nil {
		return err
	}
	opts := service.Options{MaterializeBatchRows: c.Int(flagBatchRows),
		MaterializeProgress: materialize.ProgressFor(r.stdout, log.Named("materialize"))}
	return r.withService(c, opts, func(svc *service.Service) error {
		res, err := svc.Materialize(c.Context, req)
		if err != nil {
			return err
		}
		var rows int64
		for _, v := range res.Views {
			rows += v.Rows
			fmt.Fprintf(r.stdout, "%-24s %s to %s  %d rows%s\n", v.View, v.Start.Format(time.RFC3339),
				v.End.Format(time.RFC3339), v.Rows, upToDate(v))
		}
		fmt.Fprintf(r.stdout, "Materialized %d rows of %d feature views.\n", rows, len(res.Views))
		return nil
	})
}

func upToDate(v materialize.ViewResult) string {
	if v.UpToDate {
		return " (up to date)"
	}
	return ""
}
