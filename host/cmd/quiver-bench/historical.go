package main

import (
	"context"
	"os"
	"strconv"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/quiverfs/quiver/host/internal/bench"
)

// historicalCommand compares the point-in-time join with its DuckDB floor.
func historicalCommand() *cli.Command {
	return &cli.Command{
		Name:  "historical",
		Usage: "point-in-time join vs a plain DuckDB ASOF JOIN over the same Parquet files",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "dir", Value: ".tmp/bench-historical", Usage: "generated data (kept and reused)"},
			&cli.IntFlag{Name: "features", Value: 10},
			&cli.StringFlag{Name: "curve", Value: "10000,100000,300000,1000000", Usage: "entity rows against 10M feature rows"},
			&cli.IntFlag{Name: "threads", Value: 2},
			&cli.StringFlag{Name: "memory-limit", Value: "2GB"},
		},
		Action: func(c *cli.Context) error {
			self, err := os.Executable()
			if err != nil {
				return err
			}
			var curve []int
			for _, s := range strings.Split(c.String("curve"), ",") {
				n, err := strconv.Atoi(strings.TrimSpace(s))
				if err != nil {
					return err
				}
				curve = append(curve, n)
			}
			b := &bench.Historical{Self: self, Dir: c.String("dir"), Features: c.Int("features"), Curve: curve,
				Threads: c.Int("threads"), Memory: c.String("memory-limit")}
			return b.Run(context.Background(), os.Stdout)
		},
	}
}

// historicalRunCommand is one measured run, started by historical.
func historicalRunCommand() *cli.Command {
	return &cli.Command{
		Name:   "historical-run",
		Usage:  "one measured join (used by historical)",
		Hidden: true,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "mode", Value: "quiver"},
			&cli.StringFlag{Name: "entities", Required: true},
			&cli.StringFlag{Name: "feature-file", Required: true},
			&cli.IntFlag{Name: "features", Value: 10},
			&cli.IntFlag{Name: "threads", Value: 2},
			&cli.StringFlag{Name: "memory-limit", Value: "2GB"},
		},
		Action: func(c *cli.Context) error {
			r := &bench.HistoricalRun{Mode: c.String("mode"), Entities: c.String("entities"), Feature: c.String("feature-file"),
				Features: c.Int("features"), Threads: c.Int("threads"), MemoryLimit: c.String("memory-limit")}
			return r.Run(context.Background(), os.Stdout)
		},
	}
}
