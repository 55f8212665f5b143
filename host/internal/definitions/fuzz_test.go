package definitions

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/host/internal/yamlstrict"
)

// positioned is what every problem must render as.
var positioned = regexp.MustCompile(`^f\.yaml:[1-9][0-9]*:[1-9][0-9]*: \S[^\n]*$`)

// FuzzReadDefinitions feeds one definition file's bytes to the reader and
// the cross-object checks, as Load does for each file. It must not panic;
// every problem is "f.yaml:line:col: message" on one line; a file without
// problems reads the same twice and holds only names that pass
// model.CheckName.
func FuzzReadDefinitions(f *testing.F) {
	for _, path := range []string{"testdata/good/features.yaml", "testdata/bad/features.yaml"} {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, seed := range []string{
		"entities:\n  - {name: driver, join_keys: [driver_id], value_type: int64}\n",
		"data_sources:\n  - {name: s, type: file, path: x.parquet, timestamp_field: ts}\n  - {name: p, type: push, batch_source: s}\n",
		"feature_views:\n  - name: v\n    source: s\n    ttl: 1d\n    schema:\n      - {name: e, dtype: list<float32>, vector: {dimension: 4, metric: cosine}}\n",
		"feature_services:\n  - {name: fs, features: [\"v:e\", v]}\n",
		"permissions:\n  - {name: p, types: [feature-view], name_patterns: [\"a.*\"], required_tags: {t: x}, actions: [READ, describe], policy: {groups: [g], namespaces: [n]}}\n",
		"permissions:\n  - {name: q, name_patterns: [\"(\", \"[z-a]\"], actions: [QUERY], policy: {roles: [r], groups: [g]}}\n",
		"entities:\n  - name: a\n    name: b\n",
		"entities: &x\n  - {name: a, value_type: int64}\ndata_sources: *x\n",
		"entities:\n  - name: [a\n",
		"---\n---\nentities: []\n",
		"entities:\n  - name: \"x'; DROP TABLE\"\n",
		"entities:\n  - name: a\n    join_keys: |\n      x\n      y\n",
		"entities:\n  - name: a\n    " + strings.Repeat("k", 5000) + ": 1\n",
		"feature_services:\n  - {name: s, features: [" + strings.Repeat("v", 5000) + "]}\n",
		"feature_services:\n  - {name: s, features: [\"a\\nb\", \"v:x\\ny\"]}\n",
		"feature_views:\n  - {name: v, source: \"a\\nb\", entities: [\"c\\nd\"], schema: [{name: x, dtype: \"int\\n64\"}], ttl: \"1\\nd\"}\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		first, problems := readOne(data)
		for _, p := range problems {
			if s := p.String(); !positioned.MatchString(s) {
				t.Errorf("problem %q is not f.yaml:line:col: message on one line", s)
			} else if len(s) > yamlstrict.MaxMessage+100 {
				t.Errorf("problem of %d bytes: %.200s...", len(s), s)
			}
		}
		if len(problems) > 0 {
			return
		}
		second, again := readOne(data)
		if len(again) > 0 {
			t.Fatalf("the second read found problems: %v", again)
		}
		if d := cmp.Diff(repoJSON(t, first), repoJSON(t, second)); d != "" {
			t.Errorf("two reads differ (-first +second):\n%s", d)
		}
		checkNames(t, first.Repo)
	})
}

// readOne reads data as the only definition file of a repository.
func readOne(data []byte) (*Definitions, Problems) {
	d := &Definitions{Repo: model.NewRepo("demo"), pos: map[model.Kind]map[string]where{}}
	var problems Problems
	d.readData("f.yaml", data, &problems)
	d.validate(&problems)
	return d, problems
}

func repoJSON(t *testing.T, d *Definitions) string {
	t.Helper()
	b, err := json.Marshal(d.Repo)
	if err != nil {
		t.Fatalf("marshalling the repo: %v", err)
	}
	return string(b)
}

func checkNames(t *testing.T, r *model.Repo) {
	t.Helper()
	var names []string
	for n, e := range r.Entities {
		names = append(names, n)
		names = append(names, e.JoinKeys...)
	}
	for n, s := range r.DataSources {
		names = append(names, n)
		for _, f := range s.Schema {
			names = append(names, f.Name)
		}
	}
	for n, v := range r.FeatureViews {
		names = append(names, n)
		for _, f := range v.Schema {
			names = append(names, f.Name)
		}
	}
	for n := range r.FeatureServices {
		names = append(names, n)
	}
	for _, n := range names {
		if err := model.CheckName(n); err != nil {
			t.Errorf("accepted %v", err)
		}
	}
	if strings.Contains(r.Project, "\n") {
		t.Errorf("project %q", r.Project)
	}
}
