package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	ucli "github.com/urfave/cli/v2"

	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/host/internal/onlineread"
	"github.com/quiverfs/quiver/host/internal/service"
	"github.com/quiverfs/quiver/host/internal/valuejson"
	"github.com/quiverfs/quiver/sdk/types"
)

const (
	flagFeatures         = "features"
	flagFeatureService   = "feature-service"
	flagEntity           = "entity"
	flagFullFeatureNames = "full-feature-names"
)

func getOnlineFeaturesCommand(r *run) *ucli.Command {
	return &ucli.Command{
		Name:  "get-online-features",
		Usage: "read the latest feature values of some entities from the online store",
		Flags: []ucli.Flag{
			&ucli.StringSliceFlag{Name: flagFeatures, Usage: "`VIEW:FEATURE` references (comma-separated or repeated)"},
			&ucli.StringFlag{Name: flagFeatureService, Usage: "read the features of feature service `NAME`"},
			&ucli.StringSliceFlag{Name: flagEntity, Usage: "entity `KEY=VALUE`; repeat a key for more entities"},
			&ucli.BoolFlag{Name: flagFullFeatureNames, Usage: "name features view__feature"},
			outputFlag(),
		},
		Action: r.getOnlineFeatures,
	}
}

func (r *run) getOnlineFeatures(c *ucli.Context) error {
	format, err := outputFormat(c)
	if err != nil {
		return err
	}
	return r.withService(c, service.Options{}, func(svc *service.Service) error {
		req := &onlineread.Request{Features: c.StringSlice(flagFeatures), FeatureService: c.String(flagFeatureService),
			FullFeatureNames: c.Bool(flagFullFeatureNames)}
		if req.JoinKeys, req.Entities, err = parseEntities(svc.Repo(), c.StringSlice(flagEntity)); err != nil {
			return err
		}
		resp, err := svc.GetOnlineFeatures(c.Context, req)
		if err != nil {
			return err
		}
		if format == "json" {
			return onlineread.WriteFeastJSON(r.stdout, resp, "  ")
		}
		return r.onlineTable(resp)
	})
}

// parseEntities reads KEY=VALUE flags into the reader's columns. A value
// is a string when the join key's entity says so, else JSON (numbers stay
// json.Number), else a string.
func parseEntities(repo *model.Repo, specs []string) ([]string, map[string][]any, error) {
	keyTypes := map[string]types.ValueType{}
	for _, e := range repo.Entities {
		for _, k := range e.JoinKeys {
			keyTypes[k] = e.ValueType
		}
	}
	var order []string
	cols := map[string][]any{}
	for _, s := range specs {
		k, v, ok := strings.Cut(s, "=")
		if !ok || k == "" {
			return nil, nil, fmt.Errorf("invalid --entity %q; use KEY=VALUE, e.g. driver_id=1001", s)
		}
		if _, seen := cols[k]; !seen {
			order = append(order, k)
		}
		cols[k] = append(cols[k], entityValue(v, keyTypes[k]))
	}
	return order, cols, nil
}

func entityValue(s string, t types.ValueType) any {
	if t == types.String {
		return s
	}
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil || dec.More() {
		return s
	}
	return v
}

// onlineTable prints one row per entity; a value that is not PRESENT shows
// its status.
func (r *run) onlineTable(resp *onlineread.Response) error {
	w := tabwriter.NewWriter(r.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, strings.Join(resp.FeatureNames, "\t"))
	rows := 0
	if len(resp.Results) > 0 {
		rows = len(resp.Results[0].Values)
	}
	for i := range rows {
		cells := make([]string, len(resp.Results))
		for j, col := range resp.Results {
			cells[j] = valueCell(col.Values[i])
			if st := col.Statuses[i]; st != onlineread.Present {
				cells[j] = string(st)
			}
		}
		fmt.Fprintln(w, strings.Join(cells, "\t"))
	}
	return w.Flush()
}

// valueCell renders a value as compact JSON.
func valueCell(v types.Value) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(valuejson.Encode(v)); err != nil {
		return v.String()
	}
	return strings.TrimSpace(b.String())
}
