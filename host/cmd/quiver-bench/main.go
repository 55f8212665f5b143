// Command quiver-bench runs Quiver's benchmark programs and prints Markdown
// for docs/benchmarks.md. `make bench` runs it.
package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/quiverfs/quiver/host/internal/bench"
)

func main() {
	quiverFlag := &cli.StringFlag{Name: "quiver", Value: "bin/quiver", Usage: "the quiver binary"}
	app := &cli.App{
		Name:  "quiver-bench",
		Usage: "measure Quiver against its floors",
		Commands: []*cli.Command{
			{
				Name:  "plugin-hop",
				Usage: "Read round trip through go-plugin vs in process",
				Flags: []cli.Flag{
					&cli.StringFlag{Name: "plugin", Value: "bin/quiver-plugin-memory", Usage: "reference plugin binary"},
					&cli.IntFlag{Name: "requests", Value: 20000},
					&cli.IntFlag{Name: "warmup", Value: 2000},
					&cli.StringSliceFlag{Name: "data-path", Usage: "data `PATH` to measure, grpc or socket (repeatable; default both)"},
				},
				Action: func(c *cli.Context) error {
					b := &bench.PluginHop{Plugin: c.String("plugin"), Requests: c.Int("requests"), Warmup: c.Int("warmup"),
						DataPaths: c.StringSlice("data-path")}
					return b.Run(context.Background(), os.Stdout)
				},
			},
			{
				Name:  "online-http",
				Usage: "POST /get-online-features on the embedded store vs in-process reads",
				Flags: []cli.Flag{quiverFlag,
					&cli.IntFlag{Name: "drivers", Value: 10000},
					&cli.IntFlag{Name: "features", Value: 50},
					&cli.IntFlag{Name: "rate", Value: 500},
					&cli.IntFlag{Name: "clients", Value: 16, Usage: "closed-loop clients of the throughput run"},
					&cli.DurationFlag{Name: "duration", Value: 20 * time.Second},
				},
				Action: func(c *cli.Context) error {
					b := &bench.OnlineHTTP{Quiver: c.String("quiver"), Drivers: c.Int("drivers"), Features: c.Int("features"),
						Rate: c.Int("rate"), Clients: c.Int("clients"), Duration: c.Duration("duration")}
					return b.Run(context.Background(), os.Stdout)
				},
			},
			{
				Name:  "materialize",
				Usage: "quiver materialize from Parquet into the embedded SQLite store",
				Flags: []cli.Flag{quiverFlag,
					&cli.IntFlag{Name: "entities", Value: 1_000_000},
					&cli.IntFlag{Name: "features", Value: 10},
				},
				Action: func(c *cli.Context) error {
					b := &bench.Materialize{Quiver: c.String("quiver"), Entities: c.Int("entities"), Features: c.Int("features")}
					return b.Run(context.Background(), os.Stdout)
				},
			},
			onlineAuthCommand(quiverFlag),
			redisHTTPCommand(quiverFlag),
			redisMaterializeCommand(quiverFlag),
			cassandraHTTPCommand(quiverFlag),
			cassandraMaterializeCommand(quiverFlag),
			bigqueryHistoricalCommand(),
			bigqueryMaterializeCommand(quiverFlag),
			httpLoadCommand(),
			noopServerCommand(),
			historicalCommand(),
			historicalRunCommand(),
			vectorEmbeddedCommand(),
		},
	}
	if err := app.Run(os.Args); err != nil {
		fmt.Fprintln(os.Stderr, "quiver-bench:", err)
		os.Exit(1)
	}
}
