package cli

import (
	ucli "github.com/urfave/cli/v2"
)

// repoCommands are the commands that work on a feature repository's
// registry and stores. Each parses its flags, calls one method of
// service.Service (the feature server's HTTP routes and gRPC methods call
// the same methods) and prints the answer.
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
		permissionsCommand(r),
	}
}
