package definitions

import (
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/quiverfs/quiver/host/internal/authz"
	"github.com/quiverfs/quiver/host/internal/model"
)

// probeKey is a key no definition object has; decoding it makes the parser
// name the keys it knows.
const probeKey = "zz_probe_key"

// parserKeys returns, per kind of mapping the parser reads, the keys its
// setter maps accept: "file" (the top level sections), "entity",
// "data source", "feature view", "feature service", "field" and "vector".
// It reads them from the parser itself by decoding an unknown key and
// parsing the "(known: ...)" list of the problem it reports.
func parserKeys() map[string][]string {
	probe := mappingNode(probeKey, "1")
	field := mappingNode("name", "f", "dtype", "float32")
	field.Content = append(field.Content, scalarNode("vector"), probe)
	var fields []model.Field
	decoders := map[string]func(c collector){
		"entity":          func(c collector) { decodeEntity(c, probe) },
		"data source":     func(c collector) { decodeDataSource(c, probe) },
		"feature view":    func(c collector) { decodeFeatureView(c, probe) },
		"feature service": func(c collector) { decodeFeatureService(c, probe) },
		"permission":      func(c collector) { decodePermission(c, probe) },
		"policy": func(c collector) {
			var pol authz.Policy
			policy(&pol)(c, probe)
		},
		"field": func(c collector) {
			fieldList(&fields)(c, &yaml.Node{Kind: yaml.SequenceNode, Content: []*yaml.Node{probe}})
		},
		"vector": func(c collector) {
			fieldList(&fields)(c, &yaml.Node{Kind: yaml.SequenceNode, Content: []*yaml.Node{field}})
		},
	}
	out := map[string][]string{}
	for what, decode := range decoders {
		var problems Problems
		decode(collector{file: "probe.yaml", problems: &problems})
		for _, p := range problems {
			prefix := `unknown key "` + probeKey + `" in ` + what + ` (known: `
			if list, ok := strings.CutPrefix(p.Message, prefix); ok {
				out[what] = strings.Split(strings.TrimSuffix(list, ")"), ", ")
			}
		}
	}
	for section := range sectionKinds {
		out["file"] = append(out["file"], section)
	}
	sort.Strings(out["file"])
	return out
}

func scalarNode(v string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v}
}

// mappingNode builds a mapping of string keys to nodes: values are scalars,
// given as alternating key, value strings.
func mappingNode(kv ...string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	for _, s := range kv {
		n.Content = append(n.Content, scalarNode(s))
	}
	return n
}
