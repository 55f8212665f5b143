package command

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/urfave/cli/v2"

	"github.com/quiverfs/quiver/conformance"
)

// NewApp builds the command line of quiver-conformance. Its Run exits the
// process with code 1 when a case fails.
func NewApp() *cli.App {
	return &cli.App{
		Name:      "quiver-conformance",
		Usage:     "run the Quiver conformance suite against a store plugin binary",
		UsageText: "quiver-conformance --plugin PATH [--config FILE] [--bad-config FILE] [--run REGEXP] [--json]",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "plugin", Usage: "plugin binary to check", Required: true},
			&cli.StringFlag{Name: "config", Usage: "YAML or JSON file of the store settings passed to Configure"},
			&cli.StringFlag{Name: "bad-config", Usage: "YAML or JSON file of settings the store must reject"},
			&cli.StringFlag{Name: "run", Usage: "run only the cases whose name matches `REGEXP`"},
			&cli.BoolFlag{Name: "json", Usage: "print the results as JSON"},
			&cli.StringSliceFlag{Name: "env", Usage: "`K=V` to put in the plugin's environment (repeatable); the plugin gets no other"},
			&cli.StringSliceFlag{Name: "source-option", Usage: "`K=V` to add to the options of every offline data source the suite creates, e.g. a dataset (repeatable)"},
			&cli.StringFlag{Name: "project-prefix", Usage: "prefix of the project names the suite creates"},
			&cli.DurationFlag{Name: "case-timeout", Value: 2 * time.Minute, Usage: "time limit of one case"},
			&cli.BoolFlag{Name: "verbose", Usage: "print the plugin's log lines to stderr"},
		},
		Action: run,
	}
}

// run builds the Config from the flags, runs the suite and reports.
func run(c *cli.Context) error {
	cfg, err := configFromFlags(c)
	if err != nil {
		return err
	}
	var opts conformance.Options
	if expr := c.String("run"); expr != "" {
		re, err := regexp.Compile(expr)
		if err != nil {
			return fmt.Errorf("--run: %w", err)
		}
		opts.Match = re.MatchString
	}
	out := c.App.Writer
	if !c.Bool("json") {
		opts.OnResult = func(r conformance.Result) { printLine(out, r) }
	}
	results, err := conformance.RunCases(c.Context, cfg, opts)
	if err != nil {
		return err
	}
	sum := summarize(results)
	if c.Bool("json") {
		if err := printJSON(out, results, sum); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(out, "%d passed, %d failed, %d skipped\n", sum.Passed, sum.Failed, sum.Skipped)
	}
	if sum.Failed > 0 {
		return cli.Exit("", 1)
	}
	return nil
}

// configFromFlags turns the flags into a conformance.Config.
func configFromFlags(c *cli.Context) (conformance.Config, error) {
	cfg := conformance.NewConfig()
	cfg.PluginPath = c.String("plugin")
	cfg.CaseTimeout = c.Duration("case-timeout")
	cfg.PluginEnv = c.StringSlice("env")
	for _, kv := range c.StringSlice("source-option") {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return cfg, fmt.Errorf("--source-option %q: want K=V", kv)
		}
		if cfg.SourceOptions == nil {
			cfg.SourceOptions = map[string]string{}
		}
		cfg.SourceOptions[k] = v
	}
	if p := c.String("project-prefix"); p != "" {
		cfg.ProjectPrefix = p
	}
	if c.Bool("verbose") {
		cfg.Logger = hclog.New(&hclog.LoggerOptions{Name: "plugin", Output: os.Stderr, Level: hclog.Debug})
	}
	var err error
	if f := c.String("config"); f != "" {
		if cfg.StoreConfig, err = loadSettings(f); err != nil {
			return cfg, err
		}
	}
	if f := c.String("bad-config"); f != "" {
		if cfg.BadConfig, err = loadSettings(f); err != nil {
			return cfg, err
		}
	}
	return cfg, nil
}
