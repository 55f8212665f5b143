package cli

import (
	"errors"
	"fmt"
	"strings"
	"time"

	ucli "github.com/urfave/cli/v2"

	"github.com/quiverfs/quiver/host/internal/authz"
	"github.com/quiverfs/quiver/host/internal/featurestore"
	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/host/internal/pitjoin"
	"github.com/quiverfs/quiver/host/internal/registry"
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
	if a.saveAs != "" {
		if err := model.CheckName(a.saveAs); err != nil {
			return nil, fmt.Errorf("--%s: %w", flagSaveAs, err)
		}
	}
	hasRange := c.String(flagStart) != "" || c.String(flagEnd) != ""
	switch {
	case a.entities != "" && hasRange:
		return nil, fmt.Errorf("give --entities FILE or --start/--end, not both")
	case a.entities == "" && !hasRange:
		return nil, fmt.Errorf("get-historical-features needs --entities FILE, or --start T1 --end T2 for entity-less retrieval")
	case hasRange:
		var err error
		if a.start, err = parseTime(c.String(flagStart)); err != nil {
			return nil, fmt.Errorf("--start: %w", err)
		}
		if a.end, err = parseTime(c.String(flagEnd)); err != nil {
			return nil, fmt.Errorf("--end: %w", err)
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
	return r.withStore(c, func(fs *featurestore.FeatureStore) error {
		ctx := c.Context
		repo, err := fs.Repo(ctx)
		if err != nil {
			return err
		}
		req := &pitjoin.Request{Project: fs.Project(), Repo: repo, Features: splitList(c.StringSlice(flagFeatures)),
			FeatureService: c.String(flagFeatureService), FullFeatureNames: c.Bool(flagFullFeatureNames),
			TimestampColumn: c.String(flagTimestampColumn), JoinKeyMaps: a.joinKeyMaps, Start: a.start, End: a.end}
		if err := authorizeHistorical(c, fs, repo, req); err != nil {
			return err
		}
		if a.saveAs != "" {
			if _, err := fs.Registry.GetDataset(ctx, fs.Project(), a.saveAs); !errors.Is(err, registry.ErrNotFound) {
				if err == nil {
					return fmt.Errorf("a saved dataset named %q already exists", a.saveAs)
				}
				return err
			}
		}
		log, err := logger(c)
		if err != nil {
			return err
		}
		engine := &pitjoin.Engine{Settings: pitjoin.Settings{MemoryLimit: c.String(flagMemoryLimit), TempDirectory: c.String(flagTempDir)},
			Logger: log.Named("pitjoin")}
		defer engine.Close()
		return r.runHistorical(c, fs, engine, req, a)
	})
}

// authorizeHistorical checks READ_OFFLINE on every view asked for.
func authorizeHistorical(c *ucli.Context, fs *featurestore.FeatureStore, repo *model.Repo, req *pitjoin.Request) error {
	var refs []model.FeatureRef
	if req.FeatureService != "" {
		refs, _ = repo.ResolveService(req.FeatureService)
	} else {
		refs, _ = repo.ResolveFeatures(req.Features)
	}
	var res []authz.Resource
	seen := map[string]bool{}
	for _, ref := range refs {
		if !seen[ref.View] {
			seen[ref.View] = true
			res = append(res, objectResource(model.KindFeatureView, ref.View, repo.FeatureViews[ref.View]))
		}
	}
	if len(res) == 0 {
		return nil
	}
	return authz.Check(c.Context, fs.Authorizer, authz.ReadOffline, res...)
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
