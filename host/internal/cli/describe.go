package cli

import (
	"fmt"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/quiverfs/quiver/host/internal/objectjson"
	"github.com/quiverfs/quiver/host/internal/service"
	ucli "github.com/urfave/cli/v2"
)

func describeCommand(r *run) *ucli.Command {
	return &ucli.Command{
		Name:      "describe",
		Usage:     "describe a registered object with its version history",
		ArgsUsage: "KIND NAME   (KIND: entity, data-source, feature-view, feature-service, permission or dataset)",
		Flags:     []ucli.Flag{outputFlag()},
		Action:    r.describe,
	}
}

func (r *run) describe(c *ucli.Context) error {
	args, err := positionalArgs(c)
	if err != nil {
		return err
	}
	format, err := outputFormat(c)
	if err != nil {
		return err
	}
	if len(args) != 2 {
		return fmt.Errorf("describe needs KIND and NAME; run `quiver describe --help`")
	}
	if args[0] == "dataset" {
		return r.describeDataset(c, args[1], format)
	}
	kind, err := parseKind(args[0])
	if err != nil {
		return err
	}
	name := args[1]
	return r.withService(c, service.Options{}, func(svc *service.Service) error {
		obj, history, err := svc.Describe(c.Context, kind, name)
		if err != nil {
			return err
		}
		out, err := objectjson.Decode(svc.Repo(), *obj)
		if err != nil {
			return err
		}
		versions := objectjson.Versions(history, false)
		out["versions"] = versions
		if format == "json" {
			return writeJSON(r, out)
		}
		return r.describeTable(out, versions)
	})
}

// describeTable prints "key: value" lines, then the history.
func (r *run) describeTable(out objectjson.Object, versions []objectjson.Version) error {
	keys := make([]string, 0, len(out))
	for k := range out {
		if k != "versions" && k != "schema" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	w := tabwriter.NewWriter(r.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(w, "name:\t%s\n", cell(out["name"]))
	for _, k := range keys {
		if k != "name" {
			fmt.Fprintf(w, "%s:\t%s\n", k, cell(out[k]))
		}
	}
	if schema, ok := out["schema"].([]objectjson.Field); ok {
		fmt.Fprintln(w, "schema:")
		for _, f := range schema {
			fmt.Fprintf(w, "  %s\t%s\n", f.Name, f.DType)
		}
	}
	fmt.Fprintln(w, "versions:")
	for _, v := range versions {
		fmt.Fprintf(w, "  v%d\t%s\t%s\n", v.Version, strings.ToUpper(v.Op), v.AppliedAt)
	}
	return w.Flush()
}
