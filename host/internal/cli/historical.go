package cli

import (
	"fmt"
	"strings"
	"time"

	ucli "github.com/urfave/cli/v2"

	"github.com/quiverfs/quiver/host/internal/pitjoin"
	"github.com/quiverfs/quiver/host/internal/service"
)

const (
	flagEntities        = "entities"
	flagHistOutput      = "output"
	flagSaveAs          = "save-as"
	flagStart           = "start"
	flagEnd             = "end"
	flagTimestampColumn = "timestamp-column"
	flagJoinKeyMap      = "join-key-map"
	flagMemoryLimit     = "memory-limit"
	flagTempDir         = "temp-dir"
)

func getHistoricalFeaturesCommand(r *run) *ucli.Command {
	return &ucli.Command{
		Name:  "get-historical-features",
		Usage: "build a point-in-time correct training set",
		Description: "Joins each entity row (join keys + event_timestamp) with the latest feature values at or before its time\n" +
			"(within each view's ttl). FILE and OUT are Parquet or CSV by extension. See docs/historical.md.",
		Flags: []ucli.Flag{
			&ucli.StringFlag{Name: flagEntities, Usage: "entity rows: a Parquet or CSV `FILE`"},
			&ucli.StringFlag{Name: flagStart, Usage: "entity-less mode: rows with event time from `T1` (ISO 8601, UTC unless an offset is given)"},
			&ucli.StringFlag{Name: flagEnd, Usage: "entity-less mode: rows with event time up to `T2` (inclusive)"},
			&ucli.StringSliceFlag{Name: flagFeatures, Usage: "`VIEW:FEATURE` references (comma-separated or repeated)"},
			&ucli.StringFlag{Name: flagFeatureService, Usage: "the features of feature service `NAME`"},
			&ucli.BoolFlag{Name: flagFullFeatureNames, Usage: "name features view__feature"},
			&ucli.StringFlag{Name: flagHistOutput, Aliases: []string{"o"}, Usage: "write the training set to `OUT` (.parquet or .csv)"},
			&ucli.StringFlag{Name: flagSaveAs, Usage: "also store the result in the offline store as saved dataset `NAME`"},
			&ucli.StringFlag{Name: flagTimestampColumn, Usage: "entity time `COLUMN` (default event_timestamp, or the only timestamp column)"},
			&ucli.StringSliceFlag{Name: flagJoinKeyMap, Usage: "read a view's join key from another entity column: `VIEW:COLUMN=JOIN_KEY` (repeatable)"},
			&ucli.StringFlag{Name: flagMemoryLimit, Value: "2GB", Usage: "DuckDB memory limit of the join (spills beyond it)"},
			&ucli.StringFlag{Name: flagTempDir, Usage: "DuckDB spill `DIR` (default: the system temp directory)"},
		},
		Action: r.getHistoricalFeatures,
	}
}

// histArgs are the checked flags of get-historical-features.
type histArgs struct {
	entities, output, saveAs string
	start, end               time.Time
	joinKeyMaps              map[string]map[string]string
}

// parseHistArgs checks the flags before any work.
func parseHistArgs(c *ucli.Context) (*histArgs, error) {
	a := &histArgs{entities: c.String(flagEntities), output: c.String(flagHistOutput), saveAs: c.String(flagSaveAs)}
	if a.output == "" {
		return nil, fmt.Errorf("get-historical-features needs --output OUT (.parquet or .csv)")
	}
	if _, err := pitjoin.FileFormat(a.output); err != nil {
		return nil, fmt.Errorf("--output: %w", err)
	}
	hasRange := c.String(flagStart) != "" || c.String(flagEnd) != ""
	switch {
	case a.entities != "" && hasRange:
		return nil, fmt.Errorf("give --entities FILE or --start/--end, not both")
	case a.entities == "" && !hasRange:
		return nil, fmt.Errorf("get-historical-features needs --entities FILE, or --start T1 --end T2 for entity-less retrieval")
	case hasRange:
		var err error
		now := time.Now()
		if a.start, err = service.ParseTimeOrNow("--start", c.String(flagStart), now); err != nil {
			return nil, err
		}
		if a.end, err = service.ParseTimeOrNow("--end", c.String(flagEnd), now); err != nil {
			return nil, err
		}
	}
	if len(c.StringSlice(flagFeatures)) == 0 && c.String(flagFeatureService) == "" {
		return nil, fmt.Errorf("get-historical-features needs --features VIEW:FEATURE,... or --feature-service NAME")
	}
	a.joinKeyMaps = map[string]map[string]string{}
	for _, m := range c.StringSlice(flagJoinKeyMap) {
		view, rest, ok1 := strings.Cut(m, ":")
		col, key, ok2 := strings.Cut(rest, "=")
		if !ok1 || !ok2 || view == "" || col == "" || key == "" {
			return nil, fmt.Errorf("invalid --join-key-map %q; use VIEW:COLUMN=JOIN_KEY", m)
		}
		if a.joinKeyMaps[view] == nil {
			a.joinKeyMaps[view] = map[string]string{}
		}
		a.joinKeyMaps[view][col] = key
	}
	return a, nil
}

func (r *run) getHistoricalFeatures(c *ucli.Context) error {
	a, err := parseHistArgs(c)
	if err != nil {
		return err
	}
	log, err := logger(c)
	if err != nil {
		return err
	}
	engine := &pitjoin.Engine{Settings: pitjoin.Settings{MemoryLimit: c.String(flagMemoryLimit), TempDirectory: c.String(flagTempDir)},
		Logger: log.Named("pitjoin")}
	defer engine.Close()
	return r.withService(c, service.Options{Historical: engine}, func(svc *service.Service) error {
		req := &pitjoin.Request{Features: splitList(c.StringSlice(flagFeatures)),
			FeatureService: c.String(flagFeatureService), FullFeatureNames: c.Bool(flagFullFeatureNames),
			TimestampColumn: c.String(flagTimestampColumn), JoinKeyMaps: a.joinKeyMaps, Start: a.start, End: a.end}
		if a.saveAs != "" {
			if err := svc.PrepareDataset(c.Context, a.saveAs); err != nil {
				return fmt.Errorf("--%s: %w", flagSaveAs, err)
			}
		}
		if a.entities != "" {
			if req.Entities, err = engine.OpenEntityFile(c.Context, a.entities, req.TimestampColumn); err != nil {
				return err
			}
		}
		return r.runHistorical(c, svc, req, a)
	})
}

// splitList splits comma-separated flag values.
func splitList(vals []string) []string {
	var out []string
	for _, v := range vals {
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}
