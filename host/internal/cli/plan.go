package cli

import (
	ucli "github.com/urfave/cli/v2"

	"github.com/quiverfs/quiver/host/internal/service"
)

const flagPrune = "prune"

func planCommand(r *run) *ucli.Command {
	return &ucli.Command{
		Name:  "plan",
		Usage: "check the definitions and show what apply would change",
		Flags: []ucli.Flag{&ucli.BoolFlag{Name: flagPrune, Usage: "plan to delete objects the files no longer define"}, outputFlag()},
		Action: func(c *ucli.Context) error {
			format, err := outputFormat(c)
			if err != nil {
				return err
			}
			return r.withService(c, service.Options{}, func(svc *service.Service) error {
				p, err := svc.Plan(c.Context, c.Bool(flagPrune))
				if err != nil {
					return err
				}
				if format == "json" {
					return writeJSON(r, p.JSON(svc.OnlineStoreType()))
				}
				p.Render(r.stdout, svc.OnlineStoreType())
				return nil
			})
		},
	}
}
