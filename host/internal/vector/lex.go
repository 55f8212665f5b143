package vector

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/quiverfs/quiver/host/internal/apierr"
)

type tokKind int

const (
	tokEOF tokKind = iota
	tokIdent
	tokString
	tokNumber
	tokPunct
)

type token struct {
	kind tokKind
	text string
	off  int
}

func (t token) is(punct string) bool { return t.kind == tokPunct && t.text == punct }

func (t token) String() string {
	switch t.kind {
	case tokEOF:
		return "end of expression"
	case tokString:
		return fmt.Sprintf("%q", t.text)
	}
	return "'" + t.text + "'"
}

// lex splits a filter expression into tokens, ending with tokEOF.
func lex(s string) ([]token, error) {
	var out []token
	rs := []rune(s)
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case unicode.IsSpace(r):
			i++
		case r == '"' || r == '\'':
			text, n, err := lexString(rs[i:], i)
			if err != nil {
				return nil, err
			}
			out = append(out, token{tokString, text, i})
			i += n
		case r == '-' || r == '+' || unicode.IsDigit(r):
			j := i + 1
			for j < len(rs) && (unicode.IsDigit(rs[j]) || strings.ContainsRune(".eE+-", rs[j])) {
				j++
			}
			out = append(out, token{tokNumber, string(rs[i:j]), i})
			i = j
		case unicode.IsLetter(r) || r == '_':
			j := i + 1
			for j < len(rs) && (unicode.IsLetter(rs[j]) || unicode.IsDigit(rs[j]) || rs[j] == '_' || rs[j] == '.') {
				j++
			}
			out = append(out, token{tokIdent, string(rs[i:j]), i})
			i = j
		default:
			two := ""
			if i+1 < len(rs) {
				two = string(rs[i : i+2])
			}
			switch {
			case two == "==" || two == "!=" || two == ">=" || two == "<=":
				out = append(out, token{tokPunct, two, i})
				i += 2
			case strings.ContainsRune("=<>()[],", r):
				out = append(out, token{tokPunct, string(r), i})
				i++
			default:
				return nil, apierr.Invalid("filter expression: unexpected %q at offset %d", r, i)
			}
		}
	}
	return append(out, token{tokEOF, "", len(rs)}), nil
}

// lexString reads a quoted string starting at rs[0]; it returns the text
// and the runes consumed.
func lexString(rs []rune, off int) (string, int, error) {
	quote := rs[0]
	var b strings.Builder
	for i := 1; i < len(rs); i++ {
		switch r := rs[i]; {
		case r == quote:
			return b.String(), i + 1, nil
		case r == '\\' && i+1 < len(rs):
			i++
			switch rs[i] {
			case 'n':
				b.WriteRune('\n')
			case 't':
				b.WriteRune('\t')
			default:
				b.WriteRune(rs[i])
			}
		default:
			b.WriteRune(r)
		}
	}
	return "", 0, apierr.Invalid("filter expression: unterminated string at offset %d", off)
}
