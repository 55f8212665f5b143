package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"

	ucli "github.com/urfave/cli/v2"

	"github.com/quiverfs/quiver/host/internal/service"
	"github.com/quiverfs/quiver/host/internal/vector"
)

const (
	flagFeatureView = "feature-view"
	flagQueryVector = "query-vector"
	flagQueryText   = "query-text"
	flagTopK        = "top-k"
	flagFilter      = "filter"
	flagMetric      = "metric"
)

func retrieveDocumentsCommand(r *run) *ucli.Command {
	return &ucli.Command{
		Name:  "retrieve-documents",
		Usage: "retrieve the top-k documents of a feature view nearest to a query vector or text",
		UsageText: `quiver retrieve-documents --feature-view docs (--query-vector FILE|JSON | --query-text TEXT) --top-k K
   [--features f1,f2] [--filter EXPR] [-o table|json]

Filter syntax (docs/vectors.md): comparisons FIELD op VALUE with ==, !=, >, >=, <, <=,
FIELD in [...], FIELD not in [...], joined by and / or, with parentheses; values are
"strings", numbers, true, false or null. Example: category == "a" and year >= 2020`,
		Flags: []ucli.Flag{
			&ucli.StringFlag{Name: flagFeatureView, Usage: "the documents feature view `NAME`", Required: true},
			&ucli.StringFlag{Name: flagQueryVector, Usage: "query vector: a JSON array, or a `FILE` holding one"},
			&ucli.StringFlag{Name: flagQueryText, Usage: "query `TEXT`, embedded with quiver.yaml's embedder"},
			&ucli.IntFlag{Name: flagTopK, Value: 5, Usage: "number of documents `K`"},
			&ucli.StringSliceFlag{Name: flagFeatures, Usage: "features to return (default: all but the vector)"},
			&ucli.StringFlag{Name: flagFilter, Usage: "filter `EXPR`, e.g. 'category == \"a\" and year >= 2020'"},
			&ucli.StringFlag{Name: flagMetric, Usage: "distance `METRIC`: l2, cosine or inner_product (default: the field's)"},
			outputFlag(),
		},
		Action: r.retrieveDocuments,
	}
}

func (r *run) retrieveDocuments(c *ucli.Context) error {
	format, err := outputFormat(c)
	if err != nil {
		return err
	}
	req := &vector.Request{FeatureView: c.String(flagFeatureView), Features: c.StringSlice(flagFeatures),
		QueryText: c.String(flagQueryText), TopK: c.Int(flagTopK), Metric: c.String(flagMetric)}
	if s := c.String(flagQueryVector); s != "" {
		if req.QueryVector, err = parseQueryVector(s); err != nil {
			return err
		}
	}
	if s := c.String(flagFilter); s != "" {
		if req.Filter, err = vector.ParseExpr(s); err != nil {
			return err
		}
	}
	return r.withService(c, service.Options{}, func(svc *service.Service) error {
		resp, err := svc.RetrieveDocuments(c.Context, req)
		if err != nil {
			return err
		}
		if format == "json" {
			return writeJSON(r, resp.Feast())
		}
		return r.documentsTable(resp)
	})
}

// parseQueryVector reads a JSON array of numbers, inline or from a file.
func parseQueryVector(s string) ([]float32, error) {
	raw := []byte(s)
	if !strings.HasPrefix(strings.TrimSpace(s), "[") {
		b, err := os.ReadFile(s)
		if err != nil {
			return nil, fmt.Errorf("--query-vector: %w (give a JSON array or a file holding one)", err)
		}
		raw = b
	}
	var v []float32
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, fmt.Errorf("--query-vector: not a JSON array of numbers: %v", err)
	}
	if len(v) == 0 {
		return nil, fmt.Errorf("--query-vector: the vector is empty")
	}
	return v, nil
}

// documentsTable prints one row per hit: rank, distance, keys, features.
// Long texts are shortened to one line.
func (r *run) documentsTable(resp *vector.Response) error {
	w := tabwriter.NewWriter(r.stdout, 0, 4, 2, ' ', 0)
	head := append(append([]string{"rank", "distance"}, resp.JoinKeys...), resp.Features...)
	fmt.Fprintln(w, strings.Join(head, "\t"))
	for i, h := range resp.Hits {
		cells := []string{strconv.Itoa(i + 1), strconv.FormatFloat(h.Distance, 'f', 4, 64)}
		for c := 0; c < len(resp.JoinKeys)+len(resp.Features); c++ {
			v := resp.Cell(h, c)
			cell := valueCell(v)
			if s := v.Str(); s != "" {
				cell = shorten(strings.Join(strings.Fields(s), " "), 100)
			}
			cells = append(cells, cell)
		}
		fmt.Fprintln(w, strings.Join(cells, "\t"))
	}
	if len(resp.Hits) == 0 {
		fmt.Fprintln(w, "(no documents)")
	}
	return w.Flush()
}

func shorten(s string, n int) string {
	rs := []rune(s)
	if len(rs) <= n {
		return s
	}
	return string(rs[:n-1]) + "…"
}
