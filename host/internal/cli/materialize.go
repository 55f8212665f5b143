package cli

import (
	"fmt"
	"strings"
	"time"

	ucli "github.com/urfave/cli/v2"

	"github.com/quiverfs/quiver/host/internal/featurestore"
	"github.com/quiverfs/quiver/host/internal/isotime"
	"github.com/quiverfs/quiver/host/internal/materialize"
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
			start, err := parseTime(args[0])
			if err != nil {
				return err
			}
			end, err := parseTime(args[1])
			if err != nil {
				return err
			}
			return r.materialize(c, materialize.Request{Start: start, End: end})
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
			end, err := parseTime(args[0])
			if err != nil {
				return err
			}
			return r.materialize(c, materialize.Request{End: end, Incremental: true})
		},
	}
}

// materialize runs req with a bar per view on a terminal, log lines
// otherwise.
func (r *run) materialize(c *ucli.Context, req materialize.Request) error {
	for _, v := range c.StringSlice(flagViews) {
		for _, name := range strings.Split(v, ",") {
			if name = strings.TrimSpace(name); name != "" {
				req.Views = append(req.Views, name)
			}
		}
	}
	return r.withStore(c, func(fs *featurestore.FeatureStore) error {
		m := &materialize.Materializer{FS: fs, BatchRows: c.Int(flagBatchRows),
			Progress: materialize.ProgressFor(r.stdout, fs.Logger.Named("materialize"))}
		res, err := m.Run(c.Context, req)
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

// parseTime reads an ISO 8601 time (isotime.Parse), UTC unless it has an
// offset, or "now".
func parseTime(s string) (time.Time, error) {
	if strings.EqualFold(strings.TrimSpace(s), "now") {
		return time.Now().UTC(), nil
	}
	t, err := isotime.Parse(s)
	if err != nil {
		return time.Time{}, fmt.Errorf("invalid time %q; use ISO 8601 like %s, or \"now\"", s, isotime.Example)
	}
	return t, nil
}
