package main

import (
	"os"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/quiverfs/quiver/host/internal/bench"
)

func onlineAuthCommand(quiverFlag cli.Flag) *cli.Command {
	return &cli.Command{
		Name:  "online-auth",
		Usage: "what OIDC authentication and permissions add to get-online-features (no_auth vs oidc, alternating)",
		Flags: []cli.Flag{
			quiverFlag,
			&cli.IntFlag{Name: "drivers", Value: 10000},
			&cli.IntFlag{Name: "features", Value: 50},
			&cli.IntFlag{Name: "permissions", Value: 50},
			&cli.DurationFlag{Name: "duration", Value: 10 * time.Second},
			&cli.IntFlag{Name: "rounds", Value: 2},
		},
		Action: func(c *cli.Context) error {
			b := &bench.OnlineAuth{Quiver: c.String("quiver"), Drivers: c.Int("drivers"), Features: c.Int("features"),
				Permissions: c.Int("permissions"), Duration: c.Duration("duration"), Rounds: c.Int("rounds")}
			return b.Run(c.Context, os.Stdout)
		},
	}
}
