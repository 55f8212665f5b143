package yamlstrict

import (
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// DuplicateKeys calls fn for every key of a mapping anywhere under n that
// repeats an earlier key of the same mapping, with that earlier key. Only
// scalar keys are compared; aliases are not followed (the node they point to
// is checked where it is defined).
func DuplicateKeys(n *yaml.Node, fn func(dup, first *yaml.Node)) {
	if n == nil {
		return
	}
	if n.Kind == yaml.MappingNode {
		seen := make(map[string]*yaml.Node, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if k.Kind != yaml.ScalarNode {
				continue
			}
			if first, ok := seen[k.Value]; ok {
				fn(k, first)
				continue
			}
			seen[k.Value] = k
		}
	}
	for _, c := range n.Content {
		DuplicateKeys(c, fn)
	}
}

// SyntaxError splits an error from yaml.v3's decoder into the line it names
// (1 when it names none) and its message without the "yaml: line N:" prefix,
// on one line. yaml.v3 counts lines from 0 in its parser's errors (not in
// its scanner's): those are moved one line on.
func SyntaxError(err error) (line int, msg string) {
	msg = strings.TrimPrefix(err.Error(), "yaml: ")
	line = 1
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if num, after, ok := strings.Cut(rest, ": "); ok {
			if n, err := strconv.Atoi(num); err == nil && n > 0 {
				line, msg = n, after
				if parserProblems[msg] {
					line++
				}
			}
		}
	}
	return line, strings.Join(strings.Fields(msg), " ")
}

// parserProblems are the messages of yaml.v3's parser errors (parserc.go),
// whose line numbers count from 0.
var parserProblems = map[string]bool{
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"did not find expected '-' indicator":    true,
	"did not find expected <document start>": true,
	"did not find expected <stream-start>":   true,
	"did not find expected key":              true,
	"did not find expected node content":     true,
	"found duplicate %TAG directive":         true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found undefined tag handle":             true,
}
