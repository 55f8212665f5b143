package cli

import (
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/hashicorp/go-hclog"
	ucli "github.com/urfave/cli/v2"

	"github.com/quiverfs/quiver/host/internal/pluginhost"
	"github.com/quiverfs/quiver/sdk/pluginclient"
)

// Flag names shared by several commands.
const (
	flagPluginsDir = "plugins-dir"
	flagRepo       = "repo"
	flagLogLevel   = "log-level"
	flagPluginEnv  = "plugin-env"
	flagDataPath   = "plugin-data-path"
	flagOutput     = "output"
)

func globalFlags() []ucli.Flag {
	return []ucli.Flag{
		pluginsDirFlag(),
		&ucli.StringFlag{Name: flagRepo, Value: ".", Usage: "feature repository `DIR`"},
		&ucli.StringFlag{Name: flagLogLevel, Value: "warn", Usage: "log `LEVEL`: trace, debug, info, warn, error or off"},
		&ucli.StringSliceFlag{Name: flagPluginEnv, Usage: "pass host environment variable `NAME` to plugins (repeatable); " +
			"they otherwise get only PATH, HOME and TMPDIR"},
		&ucli.StringFlag{Name: flagDataPath, Value: pluginclient.DataPathGRPC, EnvVars: []string{"QUIVER_PLUGIN_DATA_PATH"},
			Usage: "`PATH` of online reads to store plugins: grpc, or socket (frames on a Unix socket the plugin opens; " +
				"a plugin without it stays on grpc). See docs/plugins.md",
			Action: func(_ *ucli.Context, v string) error {
				if err := pluginclient.CheckDataPath(v); err != nil {
					return fmt.Errorf("--%s: %w", flagDataPath, err)
				}
				return nil
			}},
	}
}

// pluginsDirFlag is both a global flag and a flag of the plugins commands.
func pluginsDirFlag() ucli.Flag {
	return &ucli.StringFlag{Name: flagPluginsDir, Usage: "plugins `DIR` (default: $" + pluginhost.EnvPluginsDir +
		", else plugins/ in the feature repository)"}
}

// flagValue returns the value of the string flag set nearest to c: a
// subcommand's own flag wins over the global one.
func flagValue(c *ucli.Context, name string) string {
	for _, x := range c.Lineage() {
		if slices.Contains(x.LocalFlagNames(), name) {
			return x.String(name)
		}
	}
	return c.String(name)
}

// pluginsDir resolves the plugins directory of this run.
func pluginsDir(c *ucli.Context) (string, error) {
	dir, _, err := pluginhost.ResolveDir(flagValue(c, flagPluginsDir), flagValue(c, flagRepo), os.Getenv)
	return dir, err
}

// logger returns the run's logger at the --log-level level, on stderr.
func logger(c *ucli.Context) (hclog.Logger, error) {
	name := strings.ToLower(strings.TrimSpace(flagValue(c, flagLogLevel)))
	level := hclog.LevelFromString(name)
	if level == hclog.NoLevel {
		return nil, fmt.Errorf("invalid --log-level %q; use trace, debug, info, warn, error or off", name)
	}
	return hclog.New(&hclog.LoggerOptions{Name: "quiver", Level: level, Output: c.App.ErrWriter}), nil
}

// outputFormat returns the value of -o, checked.
func outputFormat(c *ucli.Context) (string, error) {
	switch f := c.String(flagOutput); f {
	case "table", "json":
		return f, nil
	default:
		return "", fmt.Errorf("invalid --output %q; use table or json", f)
	}
}
