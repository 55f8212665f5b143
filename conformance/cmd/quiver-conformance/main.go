// Command quiver-conformance runs the Quiver conformance suite against a
// plugin binary and prints one line per case and a summary:
//
//	quiver-conformance --plugin PATH [--config FILE] [--bad-config FILE] [--run REGEXP] [--json]
//
// It exits 1 when a case fails or the plugin cannot be launched. The
// command line lives in package command (conformance/internal/command).
package main

import (
	"fmt"
	"os"

	"github.com/quiverfs/quiver/conformance/internal/command"
)

func main() {
	if err := command.NewApp().Run(os.Args); err != nil {
		fmt.Fprintln(os.Stderr, "quiver-conformance:", err)
		os.Exit(1)
	}
}
