package definitions

import (
	"strings"
	"testing"
)

func TestLoadingRejectsNamesOutsideTheNameRuleWithPositions(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("n", 200_000)
	for _, tc := range []struct {
		name, yaml, want string
	}{
		{"an entity name with a path",
			"entities:\n  - name: ../../../etc/passwd\n    value_type: int64\n",
			`f.yaml:2:11: entity name "../../../etc/passwd" may hold only letters, digits and underscores`},
		{"a data source name with SQL",
			"data_sources:\n  - name: \"x'; DROP TABLE\"\n    type: push\n    batch_source: s\n",
			`f.yaml:2:11: data source name "x'; DROP TABLE" may hold only`},
		{"a feature view name with a space",
			"feature_views:\n  - name: two words\n    source: s\n    schema: [{name: a, dtype: int64}]\n",
			`f.yaml:2:11: feature view name "two words" may hold only`},
		{"a field name with a quote",
			"feature_views:\n  - name: v\n    source: s\n    schema: [{name: 'a\"b', dtype: int64}]\n",
			`f.yaml:4:21: field name "a\"b" may hold only`},
		{"a join key with a slash",
			"entities:\n  - name: e\n    join_keys: [a/b]\n    value_type: int64\n",
			`f.yaml:3:17: join key "a/b" may hold only`},
		{"a feature service name with a control character",
			"feature_services:\n  - name: \"a\\tb\"\n    features: [v]\n",
			`f.yaml:2:11: feature service name "a\tb" may hold only`},
		{"a very long name",
			"entities:\n  - name: " + long + "\n    value_type: int64\n",
			`f.yaml:2:11: entity name "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn"... (200000 characters) is too long`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := parseOne("f.yaml", []byte(tc.yaml))
			if !strings.Contains(got, tc.want) {
				t.Errorf("problems:\n%.2000s\nwant one containing %q", got, tc.want)
			}
			if len(got) > 5000 {
				t.Errorf("the problems are %d bytes long: a long name is echoed in full", len(got))
			}
		})
	}
}
