package cli

import (
	ucli "github.com/urfave/cli/v2"
)

// unimplementedCommands are the commands later work fills in; each fails
// with "quiver <cmd>: not implemented yet".
func unimplementedCommands() []*ucli.Command {
	cmds := []struct{ name, usage string }{
		{"plan", "show what apply would change"},
		{"apply", "register the repository's definitions and create store infrastructure"},
		{"teardown", "remove the infrastructure the repository created"},
		{"materialize", "load features between START and END into the online store"},
		{"materialize-incremental", "load features since the last materialization up to END"},
		{"get-historical-features", "build a point-in-time correct training set"},
		{"get-online-features", "read the latest feature values"},
		{"retrieve-documents", "retrieve the top-k documents nearest to a query vector"},
		{"serve", "run the feature server"},
		{"list", "list registered objects"},
		{"describe", "describe a registered object"},
	}
	out := make([]*ucli.Command, len(cmds))
	for i, c := range cmds {
		name := c.name
		out[i] = &ucli.Command{
			Name:            name,
			Usage:           c.usage + " (not implemented yet)",
			SkipFlagParsing: true,
			Action: func(*ucli.Context) error {
				return ucli.Exit("quiver "+name+": not implemented yet", 1)
			},
		}
	}
	return out
}
