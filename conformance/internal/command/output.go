package command

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/quiverfs/quiver/conformance"
)

// loadSettings reads a YAML or JSON file of store settings and returns them
// as a JSON object; an empty file is {}.
func loadSettings(path string) (json.RawMessage, error) { return LoadSettings(path) }

// LoadSettings reads a YAML or JSON file of store settings and returns them
// as a JSON object; an empty file is {}. ${VAR} references in string values
// are replaced by the variable's value, as in quiver.yaml; an unset
// variable is an error naming it.
func LoadSettings(path string) (json.RawMessage, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var v map[string]any
	if err := yaml.Unmarshal(data, &v); err != nil {
		return nil, fmt.Errorf("%s: want a YAML or JSON object of store settings: %w", path, err)
	}
	if v == nil {
		v = map[string]any{}
	}
	expanded, err := expandEnv(v)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	out, err := json.Marshal(expanded)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return out, nil
}

// envRef is a ${VAR} reference.
var envRef = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)\}`)

// expandEnv replaces ${VAR} in every string of v.
func expandEnv(v any) (any, error) {
	switch x := v.(type) {
	case string:
		var missing string
		out := envRef.ReplaceAllStringFunc(x, func(ref string) string {
			name := envRef.FindStringSubmatch(ref)[1]
			val, ok := os.LookupEnv(name)
			if !ok && missing == "" {
				missing = name
			}
			return val
		})
		if missing != "" {
			return nil, fmt.Errorf("${%s} is not set", missing)
		}
		return out, nil
	case map[string]any:
		for k, e := range x {
			var err error
			if x[k], err = expandEnv(e); err != nil {
				return nil, err
			}
		}
	case []any:
		for i, e := range x {
			var err error
			if x[i], err = expandEnv(e); err != nil {
				return nil, err
			}
		}
	}
	return v, nil
}

// printList prints one case a line: its name, then a tab and what it needs
// when it needs something besides its store.
func printList(w io.Writer, cases []conformance.CaseInfo) error {
	for _, c := range cases {
		line := c.Name
		if len(c.Needs) > 0 {
			line += "\tneeds: " + strings.Join(c.Needs, ", ")
		}
		if _, err := fmt.Fprintln(w, line); err != nil {
			return err
		}
	}
	return nil
}

// printMarkdownList prints the cases as the table of docs/plugins.md.
func printMarkdownList(w io.Writer, cases []conformance.CaseInfo) error {
	cell := func(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
	var b strings.Builder
	b.WriteString("| Store/RPC | The store … | Needs besides the store |\n| --- | --- | --- |\n")
	for _, c := range cases {
		rpc, should, ok := strings.Cut(c.Name, "/should ")
		if ok {
			should = "should " + should
		}
		needs := "—"
		if len(c.Needs) > 0 {
			needs = strings.Join(c.Needs, ", ")
		}
		fmt.Fprintf(&b, "| %s | %s | %s |\n", cell(rpc), cell(should), cell(needs))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// SkipReason counts the cases skipped for one reason.
type SkipReason struct {
	Reason string `json:"reason"`
	Cases  int    `json:"cases"`
}

// skipReasons counts the skipped results by reason, most first.
func skipReasons(results []conformance.Result) []SkipReason {
	var out []SkipReason
	index := map[string]int{}
	for _, r := range results {
		if r.Status != conformance.StatusSkip {
			continue
		}
		i, ok := index[r.Message]
		if !ok {
			i = len(out)
			index[r.Message] = i
			out = append(out, SkipReason{Reason: r.Message})
		}
		out[i].Cases++
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Cases > out[j].Cases })
	return out
}

// printLine prints one result: PASS name (12ms), FAIL name: message or
// SKIP name: reason.
func printLine(w io.Writer, r conformance.Result) {
	switch r.Status {
	case conformance.StatusPass:
		fmt.Fprintf(w, "PASS %s (%dms)\n", r.Name, r.Duration.Milliseconds())
	default:
		fmt.Fprintf(w, "%s %s: %s\n", r.Status, r.Name, r.Message)
	}
}

// Summary counts results by status.
type Summary struct {
	Passed  int `json:"passed"`
	Failed  int `json:"failed"`
	Skipped int `json:"skipped"`
}

// summarize counts results by status.
func summarize(results []conformance.Result) Summary {
	var s Summary
	for _, r := range results {
		switch r.Status {
		case conformance.StatusPass:
			s.Passed++
		case conformance.StatusFail:
			s.Failed++
		default:
			s.Skipped++
		}
	}
	return s
}

// JSONResult is one result as --json prints it.
type JSONResult struct {
	Name       string `json:"name"`
	Status     string `json:"status"`
	Message    string `json:"message"`
	DurationMS int64  `json:"duration_ms"`
}

// Report is what --json prints: {"results": [...], "summary": {...},
// "skip_reasons": [...]}.
type Report struct {
	Results     []JSONResult `json:"results"`
	Summary     Summary      `json:"summary"`
	SkipReasons []SkipReason `json:"skip_reasons,omitempty"`
}

// printJSON prints the Report of results.
func printJSON(w io.Writer, results []conformance.Result, sum Summary) error {
	out := Report{Results: make([]JSONResult, len(results)), Summary: sum, SkipReasons: skipReasons(results)}
	for i, r := range results {
		out.Results[i] = JSONResult{Name: r.Name, Status: string(r.Status), Message: r.Message, DurationMS: r.Duration.Milliseconds()}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
