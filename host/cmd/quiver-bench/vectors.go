package main

import (
	"context"
	"os"

	"github.com/urfave/cli/v2"

	"github.com/quiverfs/quiver/host/internal/bench"
)

func vectorEmbeddedCommand() *cli.Command {
	return &cli.Command{
		Name:  "vector-embedded",
		Usage: "exact top-k search of the embedded SQLite store, in process",
		Flags: []cli.Flag{
			&cli.IntFlag{Name: "rows", Value: 100_000},
			&cli.IntFlag{Name: "dim", Value: 384},
			&cli.IntFlag{Name: "top-k", Value: 10},
			&cli.IntFlag{Name: "queries", Value: 200},
		},
		Action: func(c *cli.Context) error {
			b := &bench.VectorEmbedded{Rows: c.Int("rows"), Dim: c.Int("dim"), TopK: c.Int("top-k"), Queries: c.Int("queries")}
			return b.Run(context.Background(), os.Stdout)
		},
	}
}
