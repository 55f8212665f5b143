package cli

import (
	"fmt"

	ucli "github.com/urfave/cli/v2"

	"github.com/quiverfs/quiver/host/internal/service"
)

func applyCommand(r *run) *ucli.Command {
	return &ucli.Command{
		Name:  "apply",
		Usage: "register the repository's definitions and create store infrastructure",
		Flags: []ucli.Flag{&ucli.BoolFlag{Name: flagPrune, Usage: "delete objects the files no longer define"}},
		Action: func(c *ucli.Context) error {
			return r.withService(c, service.Options{}, func(svc *service.Service) error {
				p, err := svc.Apply(c.Context, c.Bool(flagPrune))
				if err != nil {
					return err
				}
				p.Render(r.stdout, svc.OnlineStoreType())
				if !p.Empty() {
					fmt.Fprintln(r.stdout, "Applied.")
				}
				return nil
			})
		},
	}
}
