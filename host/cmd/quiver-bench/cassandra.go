package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/quiverfs/quiver/host/internal/bench"
)

// The Cassandra benchmarks need a running Cassandra: scripts/bench.sh
// starts one with scripts/backends/cassandra.sh and passes its address. The
// in-process floor is measured by plugins/cassandra's quiver-cassandra-bench
// in the same run (the host does not depend on the Cassandra driver).
var (
	cassandraAddrFlag = &cli.StringFlag{Name: "cassandra-addr", Required: true, EnvVars: []string{"QUIVER_TEST_CASSANDRA_ADDR"},
		Usage: "a running Cassandra `HOST:PORT`"}
	cassandraPluginFlag = &cli.StringFlag{Name: "plugin", Value: "bin/quiver-plugin-cassandra", Usage: "the Cassandra plugin binary"}
	cassandraKeyspace   = &cli.StringFlag{Name: "keyspace", Value: "quiver_bench", Usage: "the keyspace of the benchmark's tables"}
	cassandraOptions    = &cli.StringSliceFlag{Name: "option", Usage: "another online_store setting `KEY=VALUE`, e.g. write_batch_rows=16 (repeatable)"}
)

// cassandraStore is the Cassandra plugin on a running Cassandra.
func cassandraStore(c *cli.Context) bench.PluginStore {
	cfg := fmt.Sprintf("  hosts: [%q]\n  keyspace: %s\n  request_timeout: 10s\n", c.String("cassandra-addr"), c.String("keyspace"))
	for _, o := range c.StringSlice("option") {
		k, v, _ := strings.Cut(o, "=")
		cfg += fmt.Sprintf("  %s: %s\n", k, v)
	}
	return bench.PluginStore{Type: "cassandra", Plugin: c.String("plugin"), Config: cfg,
		Describe: func() string { return "quiver-plugin-cassandra (Cassandra " + c.String("cassandra-addr") + ")" }}
}

func cassandraHTTPCommand(quiverFlag cli.Flag) *cli.Command {
	return &cli.Command{
		Name:  "cassandra-http",
		Usage: "POST /get-online-features with the Cassandra plugin (floor: quiver-cassandra-bench floor, same data)",
		Flags: []cli.Flag{quiverFlag, cassandraPluginFlag, cassandraAddrFlag, cassandraKeyspace, cassandraOptions,
			&cli.IntFlag{Name: "drivers", Value: 10000},
			&cli.IntFlag{Name: "features", Value: 50},
			&cli.IntSliceFlag{Name: "rate", Value: cli.NewIntSlice(100), Usage: "open-loop rates of the 1 x N runs (repeatable)"},
			&cli.IntFlag{Name: "clients", Value: 16, Usage: "closed-loop clients of the throughput run"},
			&cli.DurationFlag{Name: "duration", Value: 5 * time.Second},
			&cli.StringFlag{Name: "dir", Usage: "keep the feature repository in `DIR`"},
		},
		Action: func(c *cli.Context) error {
			b := &bench.PluginHTTP{Quiver: c.String("quiver"), Store: cassandraStore(c),
				Drivers: c.Int("drivers"), Features: c.Int("features"), Rates: c.IntSlice("rate"), Clients: c.Int("clients"),
				Duration: c.Duration("duration"), Dir: c.String("dir")}
			return b.Run(context.Background(), os.Stdout)
		},
	}
}

func cassandraMaterializeCommand(quiverFlag cli.Flag) *cli.Command {
	return &cli.Command{
		Name:  "cassandra-materialize",
		Usage: "quiver materialize from Parquet into Cassandra through the Cassandra plugin",
		Flags: []cli.Flag{quiverFlag, cassandraPluginFlag, cassandraAddrFlag, cassandraKeyspace, cassandraOptions,
			&cli.IntFlag{Name: "entities", Value: 1_000_000},
			&cli.IntFlag{Name: "features", Value: 50},
		},
		Action: func(c *cli.Context) error {
			b := &bench.PluginMaterialize{Quiver: c.String("quiver"), Store: cassandraStore(c),
				Entities: c.Int("entities"), Features: c.Int("features")}
			return b.Run(context.Background(), os.Stdout)
		},
	}
}
