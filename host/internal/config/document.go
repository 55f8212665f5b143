package config

import (
	"bytes"
	"errors"
	"io"
	"os"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/quiverfs/quiver/host/internal/textclip"
	"github.com/quiverfs/quiver/host/internal/yamlstrict"
)

// document decodes data as one YAML document and reports what yaml.v3 does
// not: a syntax error with its position, a second document, repeated keys.
// It returns the document's root, or nil when there is nothing to read.
func (p *parser) document(data []byte) *yaml.Node {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			p.errorf(&yaml.Node{Line: 1, Column: 1}, "quiver.yaml is empty")
		} else {
			p.syntaxError(err)
		}
		return nil
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case err == nil:
		p.errorf(&next, "quiver.yaml must hold one YAML document")
	case !errors.Is(err, io.EOF):
		p.syntaxError(err)
	}
	if len(doc.Content) != 1 {
		p.errorf(&doc, "quiver.yaml is empty")
		return nil
	}
	yamlstrict.DuplicateKeys(&doc, func(dup, first *yaml.Node) {
		p.errorf(dup, "key %q repeated (first at %s:%d:%d)", dup.Value, p.file, first.Line, first.Column)
	})
	return doc.Content[0]
}

func (p *parser) syntaxError(err error) {
	line, msg := yamlstrict.SyntaxError(err)
	p.errorf(&yaml.Node{Line: line, Column: 1}, "%s", msg)
}

var envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// expand returns a scalar's value with each ${NAME} replaced by the
// environment variable NAME. An unset variable, an unterminated ${ and a
// ${...} that does not hold a valid name are reported; a $ not followed by
// { is kept as it is.
func (p *parser) expand(n *yaml.Node) string {
	s := n.Value
	var b strings.Builder
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		end := strings.IndexByte(s[i:], '}')
		if end < 0 {
			p.errorf(n, "unterminated ${ in value (write ${NAME})")
			return b.String()
		}
		ref, name := s[i:i+end+1], s[i+2:i+end]
		s = s[i+end+1:]
		if !envName.MatchString(name) {
			p.errorf(n, "%q is not a valid environment variable reference (write ${NAME})", textclip.Clip(ref, 40))
			continue
		}
		v, ok := os.LookupEnv(name)
		if !ok {
			p.errorf(n, "environment variable %s is not set", name)
		}
		b.WriteString(v)
	}
}
