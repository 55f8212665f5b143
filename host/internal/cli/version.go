package cli

import (
	"fmt"
	"runtime"

	ucli "github.com/urfave/cli/v2"

	"github.com/quiverfs/quiver/sdk/pluginclient"
)

// Version and Commit name the build; set them with
// -ldflags "-X github.com/quiverfs/quiver/host/internal/cli.Version=… -X …cli.Commit=…".
var (
	Version = "dev"
	Commit  = ""
)

// versionJSON is `quiver version -o json`.
type versionJSON struct {
	Version               string `json:"version"`
	Commit                string `json:"commit,omitempty"`
	PluginProtocolVersion int    `json:"plugin_protocol_version"`
	GoVersion             string `json:"go_version"`
	Platform              string `json:"platform"`
}

func versionCommand(r *run) *ucli.Command {
	return &ucli.Command{
		Name:  "version",
		Usage: "print the quiver version and the plugin protocol version",
		Flags: []ucli.Flag{outputFlag()},
		Action: func(c *ucli.Context) error {
			format, err := outputFormat(c)
			if err != nil {
				return err
			}
			if format == "json" {
				return writeJSON(r, versionJSON{Version: Version, Commit: Commit, PluginProtocolVersion: int(pluginclient.ProtocolVersion),
					GoVersion: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH})
			}
			fmt.Fprintf(r.stdout, "quiver %s\n", Version)
			if Commit != "" {
				fmt.Fprintf(r.stdout, "commit: %s\n", Commit)
			}
			fmt.Fprintf(r.stdout, "plugin protocol version: %d\n", pluginclient.ProtocolVersion)
			return nil
		},
	}
}
