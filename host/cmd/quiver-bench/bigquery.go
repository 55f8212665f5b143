package main

import (
	"context"
	"encoding/json"
	"os"

	"github.com/urfave/cli/v2"

	"github.com/quiverfs/quiver/host/internal/bench"
)

// The BigQuery benchmarks need a BigQuery emulator (or BigQuery):
// scripts/bench.sh starts one with scripts/backends/bigquery.sh and passes
// its addresses.
var (
	bigqueryRESTFlag = &cli.StringFlag{Name: "endpoint", Required: true, EnvVars: []string{"QUIVER_TEST_BIGQUERY_REST"},
		Usage: "the emulator's REST `URL`"}
	bigqueryGRPCFlag = &cli.StringFlag{Name: "storage-endpoint", Required: true, EnvVars: []string{"QUIVER_TEST_BIGQUERY_GRPC"},
		Usage: "the emulator's Storage API `HOST:PORT`"}
	bigqueryProjectFlag = &cli.StringFlag{Name: "project-id", Required: true, EnvVars: []string{"QUIVER_TEST_BIGQUERY_PROJECT"}}
	bigqueryPluginFlag  = &cli.StringFlag{Name: "plugin", Value: "bin/quiver-plugin-bigquery", Usage: "the BigQuery plugin binary"}
)

// bigqueryStore is the BigQuery plugin on the emulator.
func bigqueryStore(c *cli.Context) bench.BigQuery {
	cfg, _ := json.Marshal(map[string]any{"project_id": c.String("project-id"), "dataset": "quiver_bench",
		"endpoint": c.String("endpoint"), "storage_endpoint": c.String("storage-endpoint"), "without_authentication": true,
		"upload_chunk_bytes": 0})
	return bench.BigQuery{Plugin: c.String("plugin"), Config: cfg}
}

func bigqueryHistoricalCommand() *cli.Command {
	return &cli.Command{
		Name:  "bigquery-historical",
		Usage: "point-in-time join in the BigQuery emulator: pushdown vs host join (floor: DuckDB ASOF JOIN, same Parquet)",
		Flags: []cli.Flag{bigqueryRESTFlag, bigqueryGRPCFlag, bigqueryProjectFlag, bigqueryPluginFlag,
			&cli.StringFlag{Name: "dir", Value: ".tmp/bench-historical", Usage: "generated data (kept and reused)"},
			&cli.IntFlag{Name: "entities", Value: 100_000},
			&cli.IntFlag{Name: "rows", Value: 1_000_000},
			&cli.IntFlag{Name: "drivers", Value: 10_000},
			&cli.IntFlag{Name: "features", Value: 10},
		},
		Action: func(c *cli.Context) error {
			b := &bench.BigQueryHistorical{Store: bigqueryStore(c), Dir: c.String("dir"), Entities: c.Int("entities"),
				Rows: c.Int("rows"), Drivers: c.Int("drivers"), Features: c.Int("features")}
			return b.Run(context.Background(), os.Stdout)
		},
	}
}

func bigqueryMaterializeCommand(quiverFlag cli.Flag) *cli.Command {
	return &cli.Command{
		Name:  "bigquery-materialize",
		Usage: "quiver materialize from a BigQuery table into the embedded SQLite store (floor: from the same Parquet)",
		Flags: []cli.Flag{quiverFlag, bigqueryRESTFlag, bigqueryGRPCFlag, bigqueryProjectFlag, bigqueryPluginFlag,
			&cli.IntFlag{Name: "entities", Value: 1_000_000},
			&cli.IntFlag{Name: "features", Value: 10},
		},
		Action: func(c *cli.Context) error {
			b := &bench.BigQueryMaterialize{Quiver: c.String("quiver"), Store: bigqueryStore(c),
				Entities: c.Int("entities"), Features: c.Int("features")}
			return b.Run(context.Background(), os.Stdout)
		},
	}
}
