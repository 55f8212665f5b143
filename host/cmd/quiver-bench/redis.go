package main

import (
	"context"
	"os"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/quiverfs/quiver/host/internal/bench"
)

// The Redis benchmarks need a running Redis: scripts/bench.sh starts one
// with scripts/backends/redis.sh and passes its address.
var (
	redisAddrFlag   = &cli.StringFlag{Name: "redis-addr", Required: true, EnvVars: []string{"QUIVER_TEST_REDIS_ADDR"}, Usage: "a running Redis `HOST:PORT`"}
	redisPluginFlag = &cli.StringFlag{Name: "plugin", Value: "bin/quiver-plugin-redis", Usage: "the Redis plugin binary"}
)

// dataPathFlag is quiver serve's --plugin-data-path in the serving benchmarks.
var dataPathFlag = &cli.StringFlag{Name: "data-path", Value: "grpc", Usage: "quiver serve --plugin-data-path: grpc or socket"}

func redisHTTPCommand(quiverFlag cli.Flag) *cli.Command {
	return &cli.Command{
		Name:  "redis-http",
		Usage: "POST /get-online-features with the Redis plugin vs pipelined go-redis reads in process",
		Flags: []cli.Flag{quiverFlag, redisPluginFlag, redisAddrFlag,
			&cli.IntFlag{Name: "drivers", Value: 10000},
			&cli.IntFlag{Name: "features", Value: 50},
			&cli.IntSliceFlag{Name: "rate", Value: cli.NewIntSlice(100, 1000), Usage: "open-loop rates of the 1 x N runs (repeatable)"},
			&cli.IntFlag{Name: "clients", Value: 16, Usage: "closed-loop clients of the throughput run"},
			&cli.DurationFlag{Name: "duration", Value: 5 * time.Second},
			&cli.StringFlag{Name: "dir", Usage: "keep the feature repository in `DIR` (for the Feast side-by-side)"},
			dataPathFlag,
		},
		Action: func(c *cli.Context) error {
			b := &bench.PluginHTTP{Quiver: c.String("quiver"), Store: bench.RedisStore(c.String("plugin"), c.String("redis-addr")),
				Drivers: c.Int("drivers"), Features: c.Int("features"), Rates: c.IntSlice("rate"), Clients: c.Int("clients"),
				Duration: c.Duration("duration"), Dir: c.String("dir"), DataPath: c.String("data-path")}
			return b.Run(context.Background(), os.Stdout)
		},
	}
}

func redisMaterializeCommand(quiverFlag cli.Flag) *cli.Command {
	return &cli.Command{
		Name:  "redis-materialize",
		Usage: "quiver materialize from Parquet into Redis through the Redis plugin",
		Flags: []cli.Flag{quiverFlag, redisPluginFlag, redisAddrFlag,
			&cli.IntFlag{Name: "entities", Value: 1_000_000},
			&cli.IntFlag{Name: "features", Value: 50},
		},
		Action: func(c *cli.Context) error {
			b := &bench.PluginMaterialize{Quiver: c.String("quiver"), Store: bench.RedisStore(c.String("plugin"), c.String("redis-addr")),
				Entities: c.Int("entities"), Features: c.Int("features"), Usage: bench.RedisMemory(c.String("redis-addr")),
				ServerCPU: bench.RedisCPU(c.String("redis-addr"))}
			return b.Run(context.Background(), os.Stdout)
		},
	}
}

func httpLoadCommand() *cli.Command {
	return &cli.Command{
		Name:  "http-load",
		Usage: "drive any Feast-compatible /get-online-features endpoint (e.g. feast serve) with the Redis benchmark's shapes",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "url", Required: true, Usage: "the endpoint, e.g. http://127.0.0.1:6566/get-online-features"},
			&cli.StringSliceFlag{Name: "feature", Required: true, Usage: "a view:feature reference (repeatable)"},
			&cli.IntFlag{Name: "drivers", Value: 10000},
			&cli.IntSliceFlag{Name: "rate", Value: cli.NewIntSlice(100, 1000)},
			&cli.IntFlag{Name: "clients", Value: 16},
			&cli.DurationFlag{Name: "duration", Value: 5 * time.Second},
		},
		Action: func(c *cli.Context) error {
			l := &bench.HTTPLoad{URL: c.String("url"), Features: c.StringSlice("feature"), Drivers: c.Int("drivers"),
				Rates: c.IntSlice("rate"), Clients: c.Int("clients"), Duration: c.Duration("duration")}
			return l.Run(context.Background(), os.Stdout)
		},
	}
}

// noopServerCommand runs the HTTP floor's server (bench.HTTPFloor starts
// it in its own process).
func noopServerCommand() *cli.Command {
	return &cli.Command{
		Name:   "noop-server",
		Usage:  "answer every HTTP request with a file's bytes (the HTTP floor of the serving benchmarks)",
		Hidden: true,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "addr", Required: true},
			&cli.StringFlag{Name: "body", Required: true, Usage: "the answer's `FILE`"},
		},
		Action: func(c *cli.Context) error {
			body, err := os.ReadFile(c.String("body"))
			if err != nil {
				return err
			}
			return bench.NoopServer(c.String("addr"), body)
		},
	}
}
