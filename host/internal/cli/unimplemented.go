package cli

import (
	ucli "github.com/urfave/cli/v2"
)

// unimplementedCommands are the commands later work fills in; each fails
// with "quiver <cmd>: not implemented yet".
func unimplementedCommands() []*ucli.Command {
	cmds := []struct{ name, usage string }{
		{"serve", "run the feature server"},
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
