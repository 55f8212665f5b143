package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strings"

	ucli "github.com/urfave/cli/v2"

	"github.com/quiverfs/quiver/host/internal/pluginhost"
)

func pluginsCommand(r *run) *ucli.Command {
	return &ucli.Command{
		Name:   "plugins",
		Usage:  "list, lock and verify the store plugins of the plugins directory, or start a new one",
		Action: unknownCommand,
		Subcommands: []*ucli.Command{
			pluginsListCommand(r),
			pluginsNewCommand(r),
			{
				Name:   "lock",
				Usage:  "record the SHA-256 of every plugin binary in " + pluginhost.LockFileName,
				Flags:  []ucli.Flag{pluginsDirFlag()},
				Action: r.pluginsLock,
			},
			{
				Name:   "verify",
				Usage:  "check every plugin binary against " + pluginhost.LockFileName,
				Flags:  []ucli.Flag{pluginsDirFlag(), outputFlag()},
				Action: r.pluginsVerify,
			},
		},
	}
}

// existingPluginsDir resolves the plugins directory and checks it exists.
func existingPluginsDir(c *ucli.Context) (string, error) {
	dir, err := pluginsDir(c)
	if err != nil {
		return "", err
	}
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", fmt.Errorf("plugins directory %s does not exist; set --%s or $%s", dir, flagPluginsDir, pluginhost.EnvPluginsDir)
	case err != nil:
		return "", err
	case !fi.IsDir():
		return "", fmt.Errorf("plugins directory %s is not a directory", dir)
	}
	return dir, nil
}

func (r *run) pluginsLock(c *ucli.Context) error {
	dir, err := existingPluginsDir(c)
	if err != nil {
		return err
	}
	bins, err := pluginhost.Discover(dir)
	if err != nil {
		return err
	}
	lock, err := pluginhost.NewLock(bins)
	if err != nil {
		return err
	}
	if err := pluginhost.WriteLock(dir, lock); err != nil {
		return err
	}
	for _, b := range bins {
		fmt.Fprintf(r.stdout, "%-20s %-32s sha256:%s\n", b.Name, b.File, lock.Plugins[b.Name].SHA256)
	}
	fmt.Fprintf(r.stdout, "wrote %s (%s)\n", lock.Path(), plural(len(bins), "plugin"))
	return nil
}

// verifyJSON is `quiver plugins verify -o json`.
type verifyJSON struct {
	Lock     string        `json:"lock"`
	Verified []verifiedBin `json:"verified"`
	Problems []string      `json:"problems"`
}

type verifiedBin struct {
	Name string `json:"name"`
	File string `json:"file"`
}

func (r *run) pluginsVerify(c *ucli.Context) error {
	format, err := outputFormat(c)
	if err != nil {
		return err
	}
	dir, err := existingPluginsDir(c)
	if err != nil {
		return err
	}
	lock, err := pluginhost.ReadLock(dir)
	if err != nil {
		return err
	}
	bins, err := pluginhost.Discover(dir)
	if err != nil {
		return err
	}
	problems := []string{}
	verified := []verifiedBin{}
	found := map[string]bool{}
	for _, b := range bins {
		found[b.Name] = true
		if _, err := lock.Verify(b); err != nil {
			problems = append(problems, err.Error())
			continue
		}
		verified = append(verified, verifiedBin{Name: b.Name, File: b.File})
		if format != "json" {
			fmt.Fprintf(r.stdout, "ok  %-20s %s\n", b.Name, b.File)
		}
	}
	var missing []string
	for name, e := range lock.Plugins {
		if !found[name] {
			missing = append(missing, fmt.Sprintf("plugin %s is locked but its binary %s is missing from %s", name, e.File, dir))
		}
	}
	sort.Strings(missing)
	problems = append(problems, missing...)
	if format == "json" {
		if err := writeJSON(r, verifyJSON{Lock: lock.Path(), Verified: verified, Problems: problems}); err != nil {
			return err
		}
		if len(problems) > 0 {
			return ucli.Exit("", 1) // the problems are in the JSON; the exit code says they exist
		}
		return nil
	}
	if len(problems) > 0 {
		return ucli.Exit(fmt.Sprintf("quiver: plugins verify: %d problem(s):\n  - %s",
			len(problems), strings.Join(problems, "\n  - ")), 1)
	}
	fmt.Fprintf(r.stdout, "verified %s against %s\n", plural(len(bins), "plugin"), lock.Path())
	return nil
}

// plural renders "1 plugin", "2 plugins".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
