package command

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"gopkg.in/yaml.v3"

	"github.com/quiverfs/quiver/conformance"
)

// loadSettings reads a YAML or JSON file of store settings and returns them
// as a JSON object; an empty file is {}.
func loadSettings(path string) (json.RawMessage, error) {
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
	out, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return out, nil
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

// Report is what --json prints: {"results": [...], "summary": {...}}.
type Report struct {
	Results []JSONResult `json:"results"`
	Summary Summary      `json:"summary"`
}

// printJSON prints the Report of results.
func printJSON(w io.Writer, results []conformance.Result, sum Summary) error {
	out := Report{Results: make([]JSONResult, len(results)), Summary: sum}
	for i, r := range results {
		out.Results[i] = JSONResult{Name: r.Name, Status: string(r.Status), Message: r.Message, DurationMS: r.Duration.Milliseconds()}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
