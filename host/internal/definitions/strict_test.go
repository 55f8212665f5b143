package definitions

import (
	"strings"
	"testing"

	"github.com/quiverfs/quiver/host/internal/model"
)

// parseOne reads one definition file's bytes as Load reads each file and
// returns the problems as text.
func parseOne(file string, data []byte) string {
	d := &Definitions{Repo: model.NewRepo("demo"), pos: map[model.Kind]map[string]where{}}
	var problems Problems
	d.readData(file, data, &problems)
	d.validate(&problems)
	if len(problems) == 0 {
		return ""
	}
	return problems.Error()
}

func TestReadingAFileRejectsMalformedYAMLWithPositions(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, yaml, want string
	}{
		{"a repeated section is an error",
			"entities:\n  - {name: a, value_type: int64}\nentities:\n  - {name: b, value_type: int64}\n",
			`f.yaml:3:1: key "entities" repeated (first at f.yaml:1:1)`},
		{"a repeated key in an object is an error",
			"entities:\n  - name: a\n    value_type: int64\n    name: b\n",
			`f.yaml:4:5: key "name" repeated (first at f.yaml:2:5)`},
		{"a repeated tag is an error",
			"entities:\n  - name: a\n    value_type: int64\n    tags: {team: x, team: y}\n",
			`f.yaml:4:21: key "team" repeated (first at f.yaml:4:12)`},
		{"a repeated unknown key is reported once as unknown and once as repeated",
			"entities:\n  - name: a\n    value_type: int64\n    colour: x\n    colour: y\n",
			`f.yaml:5:5: key "colour" repeated (first at f.yaml:4:5)`},
		{"a syntax error names the line without a yaml prefix",
			"entities:\n  - name: [a\n",
			`f.yaml:2:1: did not find expected ',' or ']'`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := parseOne("f.yaml", []byte(tc.yaml))
			if !strings.Contains(got, tc.want) {
				t.Errorf("problems:\n%s\nwant one containing %q", got, tc.want)
			}
			if strings.Contains(got, "yaml: ") {
				t.Errorf("problems keep yaml.v3's prefix:\n%s", got)
			}
		})
	}
}
