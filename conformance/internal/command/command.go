package command

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/urfave/cli/v2"

	"github.com/quiverfs/quiver/conformance"
	"github.com/quiverfs/quiver/sdk/pluginclient"
)

// NewApp builds the command line of quiver-conformance. Its Run exits the
// process with code 1 when a case fails.
func NewApp() *cli.App {
	return &cli.App{
		Name:  "quiver-conformance",
		Usage: "run the Quiver conformance suite against a store plugin binary",
		UsageText: "quiver-conformance --plugin PATH [--config FILE] [--bad-config FILE] [--unreachable-config FILE] [--run REGEXP] [--json]\n" +
			"quiver-conformance --list [--markdown]",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "plugin", Usage: "plugin binary to check (required unless --list)"},
			&cli.StringFlag{Name: "config", Usage: "YAML or JSON file of the store settings passed to Configure; ${VAR} references are expanded"},
			&cli.StringFlag{Name: "bad-config", Usage: "settings file the store must reject; without it the Configure cases are skipped"},
			&cli.StringFlag{Name: "unreachable-config", Usage: "settings file the store accepts whose backend is down (e.g. a closed port); without it the cases of a dead backend are skipped"},
			&cli.DurationFlag{Name: "unreachable-timeout", Value: 10 * time.Second, Usage: "how long Configure, Health, reads and writes may take to give up on an unreachable backend"},
			&cli.StringFlag{Name: "key-ttl-config", Usage: "settings file with which the store expires keys after --key-ttl"},
			&cli.DurationFlag{Name: "key-ttl", Usage: "how long after its last write a key expires with --key-ttl-config"},
			&cli.BoolFlag{Name: "list", Usage: "print every case and what it needs besides its store, one a line, and exit"},
			&cli.BoolFlag{Name: "markdown", Usage: "with --list: print the list as the Markdown table of docs/plugins.md"},
			&cli.StringFlag{Name: "run", Usage: "run only the cases whose name matches `REGEXP`"},
			&cli.BoolFlag{Name: "json", Usage: "print the results as JSON"},
			&cli.StringFlag{Name: "data-path", Value: "grpc", Usage: "`PATH` of online reads: grpc, or socket (the frames on a Unix socket that quiver --plugin-data-path socket uses)"},
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
	if c.Bool("list") {
		if c.Bool("markdown") {
			return printMarkdownList(c.App.Writer, conformance.Cases())
		}
		return printList(c.App.Writer, conformance.Cases())
	}
	if c.String("plugin") == "" {
		return fmt.Errorf("--plugin is required (or --list)")
	}
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
		for _, s := range skipReasons(results) {
			fmt.Fprintf(out, "skipped %d: %s\n", s.Cases, s.Reason)
		}
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
	cfg.DataPath = c.String("data-path")
	if err := pluginclient.CheckDataPath(cfg.DataPath); err != nil {
		return cfg, fmt.Errorf("--data-path: %w", err)
	}
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
	for flag, dst := range map[string]*json.RawMessage{"bad-config": &cfg.BadConfig,
		"unreachable-config": &cfg.UnreachableConfig, "key-ttl-config": &cfg.KeyTTLConfig} {
		if f := c.String(flag); f != "" {
			if *dst, err = loadSettings(f); err != nil {
				return cfg, fmt.Errorf("--%s: %w", flag, err)
			}
		}
	}
	cfg.UnreachableTimeout = c.Duration("unreachable-timeout")
	cfg.KeyTTL = c.Duration("key-ttl")
	if (len(cfg.KeyTTLConfig) > 0) != (cfg.KeyTTL > 0) {
		return cfg, fmt.Errorf("--key-ttl-config and --key-ttl go together")
	}
	return cfg, nil
}
