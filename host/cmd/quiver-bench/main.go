// Command quiver-bench runs Quiver's benchmark programs and prints Markdown
// for docs/benchmarks.md. `make bench` runs it.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/urfave/cli/v2"

	"github.com/quiverfs/quiver/host/internal/bench"
)

func main() {
	app := &cli.App{
		Name:  "quiver-bench",
		Usage: "measure Quiver against its floors",
		Commands: []*cli.Command{{
			Name:  "plugin-hop",
			Usage: "Read round trip through go-plugin vs in process",
			Flags: []cli.Flag{
				&cli.StringFlag{Name: "plugin", Value: "bin/quiver-plugin-memory", Usage: "reference plugin binary"},
				&cli.IntFlag{Name: "requests", Value: 20000},
				&cli.IntFlag{Name: "warmup", Value: 2000},
			},
			Action: func(c *cli.Context) error {
				b := &bench.PluginHop{Plugin: c.String("plugin"), Requests: c.Int("requests"), Warmup: c.Int("warmup")}
				return b.Run(context.Background(), os.Stdout)
			},
		}},
	}
	if err := app.Run(os.Args); err != nil {
		fmt.Fprintln(os.Stderr, "quiver-bench:", err)
		os.Exit(1)
	}
}
