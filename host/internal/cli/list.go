package cli

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	ucli "github.com/urfave/cli/v2"

	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/host/internal/objectjson"
	"github.com/quiverfs/quiver/host/internal/service"
)

const flagTags = "tags"

// outputFlag is -o table|json.
func outputFlag() ucli.Flag {
	return &ucli.StringFlag{Name: flagOutput, Aliases: []string{"o"}, Value: "table", Usage: "output `FORMAT`: table or json"}
}

func listCommand(r *run) *ucli.Command {
	cmd := &ucli.Command{Name: "list", Usage: "list registered objects", Action: unknownCommand}
	for _, k := range []struct {
		name string
		kind model.Kind
	}{
		{"entities", model.KindEntity}, {"data-sources", model.KindDataSource},
		{"feature-views", model.KindFeatureView}, {"feature-services", model.KindFeatureService},
		{"permissions", model.KindPermission},
	} {
		kind := k.kind
		cmd.Subcommands = append(cmd.Subcommands, &ucli.Command{
			Name:  k.name,
			Usage: "list the registered " + strings.ReplaceAll(k.name, "-", " "),
			Flags: []ucli.Flag{
				&ucli.StringSliceFlag{Name: flagTags, Usage: "only objects with tag `KEY=VALUE` (repeatable)"},
				outputFlag(),
			},
			Action: func(c *ucli.Context) error { return r.list(c, kind) },
		})
	}
	cmd.Subcommands = append(cmd.Subcommands, listDatasetsCommand(r))
	return cmd
}

// list prints the current objects of a kind that carry every --tags tag.
func (r *run) list(c *ucli.Context, kind model.Kind) error {
	format, err := outputFormat(c)
	if err != nil {
		return err
	}
	filter, err := parseTags(c.StringSlice(flagTags))
	if err != nil {
		return err
	}
	return r.withService(c, service.Options{}, func(svc *service.Service) error {
		list, err := svc.List(c.Context, kind, filter)
		if err != nil {
			return err
		}
		objs, err := objectjson.DecodeAll(svc.Repo(), list)
		if err != nil {
			return err
		}
		if format == "json" {
			return writeJSON(r, objs)
		}
		return r.listTable(kind, objs)
	})
}

// kindPlurals names the objects of each kind in messages.
var kindPlurals = map[model.Kind]string{
	model.KindEntity: "entities", model.KindDataSource: "data sources",
	model.KindFeatureView: "feature views", model.KindFeatureService: "feature services",
	model.KindPermission: "permissions",
}

// listColumns are the table columns of each kind, as object keys.
var listColumns = map[model.Kind][]string{
	model.KindEntity:         {"name", "join_keys", "value_type", "version", "tags"},
	model.KindDataSource:     {"name", "type", "path", "timestamp_field", "version", "tags"},
	model.KindFeatureView:    {"name", "entities", "source", "ttl", "online", "version", "tags"},
	model.KindFeatureService: {"name", "features", "version", "tags"},
	model.KindPermission:     {"name", "types", "name_patterns", "required_tags", "actions", "policy", "version"},
}

func (r *run) listTable(kind model.Kind, objs []objectjson.Object) error {
	if len(objs) == 0 {
		fmt.Fprintf(r.stderr, "no %s registered\n", kindPlurals[kind])
		return nil
	}
	cols := listColumns[kind]
	w := tabwriter.NewWriter(r.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, strings.ToUpper(strings.Join(cols, "\t")))
	for _, o := range objs {
		cells := make([]string, len(cols))
		for i, col := range cols {
			cells[i] = cell(o[col])
		}
		fmt.Fprintln(w, strings.Join(cells, "\t"))
	}
	return w.Flush()
}

// cell renders one table cell.
func cell(v any) string {
	switch x := v.(type) {
	case nil:
		return "-"
	case string:
		return orDash(x)
	case []string:
		return orDash(strings.Join(x, ","))
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = fmt.Sprint(e)
		}
		return orDash(strings.Join(parts, ","))
	case map[string]string:
		return formatTags(x)
	case map[string]any:
		tags := map[string]string{}
		for k, e := range x {
			tags[k] = fmt.Sprint(e)
		}
		return formatTags(tags)
	}
	return fmt.Sprint(v)
}

// writeJSON prints v as indented JSON.
func writeJSON(r *run, v any) error {
	enc := json.NewEncoder(r.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
