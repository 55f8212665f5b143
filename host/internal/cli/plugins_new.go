package cli

import (
	"fmt"
	"io"
	"path/filepath"

	ucli "github.com/urfave/cli/v2"

	"github.com/quiverfs/quiver/host/internal/pluginscaffold"
)

// pluginsNewCommand is `quiver plugins new NAME [--dir DIR] [--module PATH]
// [--quiver-version V]`: a new store plugin module (package pluginscaffold).
func pluginsNewCommand(r *run) *ucli.Command {
	return &ucli.Command{
		Name:      "new",
		Usage:     "create a new store plugin module: a working in-memory online store, its binary and its conformance test",
		ArgsUsage: "NAME",
		Description: "Creates DIR (default quiver-plugin-NAME; it must not exist or be empty) with go.mod, NAMEstore/\n" +
			"(an in-memory online store without vector search), cmd/quiver-plugin-NAME/main.go,\n" +
			"conformance_test.go (the conformance suite in one plugintest.Run call), testdata/ and a README.\n" +
			"NAME is a lower-case letter followed by lower-case letters, digits or underscores.",
		Flags: []ucli.Flag{
			&ucli.StringFlag{Name: "dir", Usage: "`DIR` to create (default: quiver-plugin-NAME)"},
			&ucli.StringFlag{Name: "module", Usage: "module `PATH` of go.mod (default: example.com/quiver-plugin-NAME)"},
			&ucli.StringFlag{Name: "quiver-version", Usage: "`VERSION` of the sdk and conformance modules to require " +
				"(default: the version this quiver was built with)"},
		},
		Action: func(c *ucli.Context) error { return r.pluginsNew(c) },
	}
}

func (r *run) pluginsNew(c *ucli.Context) error {
	args, err := positionalArgs(c)
	if err != nil {
		return err
	}
	if len(args) != 1 {
		return fmt.Errorf("quiver plugins new needs exactly one NAME argument, got %d; run `quiver plugins new --help`", len(args))
	}
	version, release := c.String("quiver-version"), true
	if version == "" {
		version, release = pluginscaffold.Version(Version)
	}
	res, err := pluginscaffold.Write(pluginscaffold.Options{Name: args[0], Dir: c.String("dir"),
		Module: c.String("module"), Version: version})
	if err != nil {
		return err
	}
	printPluginsNew(r.stdout, args[0], version, release, res)
	return nil
}

// printPluginsNew tells what was created and what to run next.
func printPluginsNew(w io.Writer, name, version string, release bool, res *pluginscaffold.Result) {
	fmt.Fprintf(w, "Created plugin %s in %s (module %s, sdk and conformance %s):\n", name, res.Dir, res.Module, version)
	for _, f := range res.Files {
		fmt.Fprintf(w, "  %s\n", f)
	}
	if !release {
		fmt.Fprintf(w, "\nThis quiver is a development build: go.mod requires %s of the sdk and conformance\n"+
			"modules, which no module proxy serves. Point them at a Quiver checkout (or pass --quiver-version):\n"+
			"  cd %s && go mod edit -replace %s=/path/to/quiver/sdk -replace %s=/path/to/quiver/conformance\n",
			version, res.Dir, pluginscaffold.SDKModule, pluginscaffold.ConformanceModule)
	}
	fmt.Fprintf(w, "\nNext:\n  cd %s\n  go mod tidy\n  go test ./...\n  go build -o %s ./cmd/quiver-plugin-%s\n",
		res.Dir, filepath.Join("PLUGINS_DIR", "quiver-plugin-"+name), name)
}
