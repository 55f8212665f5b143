package cli

import (
	"fmt"

	ucli "github.com/urfave/cli/v2"

	"github.com/quiverfs/quiver/sdk/pluginclient"
)

// Version and Commit name the build; set them with
// -ldflags "-X github.com/quiverfs/quiver/host/internal/cli.Version=… -X …cli.Commit=…".
var (
	Version = "dev"
	Commit  = ""
)

func versionCommand(r *run) *ucli.Command {
	return &ucli.Command{
		Name:  "version",
		Usage: "print the quiver version and the plugin protocol version",
		Action: func(c *ucli.Context) error {
			fmt.Fprintf(r.stdout, "quiver %s\n", Version)
			if Commit != "" {
				fmt.Fprintf(r.stdout, "commit: %s\n", Commit)
			}
			fmt.Fprintf(r.stdout, "plugin protocol version: %d\n", pluginclient.ProtocolVersion)
			return nil
		},
	}
}
