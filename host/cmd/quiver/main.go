// Command quiver is the Quiver feature store's command line and servers.
package main

import (
	"os"

	"github.com/quiverfs/quiver/host/internal/cli"
)

func main() { os.Exit(cli.Run(os.Args)) }
