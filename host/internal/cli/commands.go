package cli

import (
	ucli "github.com/urfave/cli/v2"
)

// repoCommands are the commands that work on a feature repository's
// registry and stores.
func repoCommands(r *run) []*ucli.Command {
	return []*ucli.Command{
		planCommand(r),
		applyCommand(r),
		teardownCommand(r),
		materializeCommand(r),
		materializeIncrementalCommand(r),
		getOnlineFeaturesCommand(r),
		getHistoricalFeaturesCommand(r),
		listCommand(r),
		describeCommand(r),
		serveCommand(r),
		retrieveDocumentsCommand(r),
		ingestDocumentsCommand(r),
	}
}

// firstOfEachName drops commands whose name an earlier command has, so a
// placeholder gives way to the real command.
func firstOfEachName(cmds []*ucli.Command) []*ucli.Command {
	seen := map[string]bool{}
	out := cmds[:0:0]
	for _, c := range cmds {
		if !seen[c.Name] {
			seen[c.Name] = true
			out = append(out, c)
		}
	}
	return out
}
