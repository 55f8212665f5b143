package cli

import (
	"fmt"

	ucli "github.com/urfave/cli/v2"

	"github.com/quiverfs/quiver/host/internal/service"
)

func teardownCommand(r *run) *ucli.Command {
	return &ucli.Command{
		Name:  "teardown",
		Usage: "remove the store infrastructure and online data of the project (the registry stays)",
		Action: func(c *ucli.Context) error {
			return r.withService(c, service.Options{}, func(svc *service.Service) error {
				res, err := svc.Teardown(c.Context)
				if err != nil {
					return err
				}
				fmt.Fprintf(r.stdout, "Removed the store infrastructure of project %s (feature views: %d, entities: %d).\n",
					svc.Project(), res.Views, res.Entities)
				return nil
			})
		},
	}
}
