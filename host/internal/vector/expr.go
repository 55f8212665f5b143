package vector

import (
	"encoding/json"
	"strings"

	"github.com/quiverfs/quiver/host/internal/apierr"
)

// ParseExpr parses the CLI's filter syntax into a Node:
//
//	expr       := and { "or" and }
//	and        := primary { "and" primary }
//	primary    := "(" expr ")" | comparison
//	comparison := FIELD op literal | FIELD ["not"] "in" "[" literal {"," literal} "]"
//	op         := "==" | "!=" | ">" | ">=" | "<" | "<="
//	literal    := "string" | 'string' | number | true | false | null
//
// Keywords are case-insensitive; "and" binds tighter than "or"; strings take
// backslash escapes (\" \' \\ \n \t). Example:
//
//	category == "a" and (year >= 2020 or tag in ["x", "y"])
//
// Expressions longer than MaxExprBytes or with parentheses nested deeper
// than MaxFilterDepth are refused. Errors are apierr KindInvalid.
func ParseExpr(s string) (*Node, error) {
	if len(s) > MaxExprBytes {
		return nil, apierr.Invalid("filter expression: %d bytes is longer than the limit of %d", len(s), MaxExprBytes)
	}
	toks, err := lex(s)
	if err != nil {
		return nil, err
	}
	p := &exprParser{toks: toks}
	n, err := p.or()
	if err != nil {
		return nil, err
	}
	if p.peek().kind != tokEOF {
		return nil, p.errorf("unexpected %s", p.peek())
	}
	return n, nil
}

type exprParser struct {
	toks  []token
	pos   int
	depth int // parentheses open at pos
}

func (p *exprParser) peek() token { return p.toks[p.pos] }
func (p *exprParser) next() token { t := p.toks[p.pos]; p.pos++; return t }

func (p *exprParser) errorf(format string, args ...any) error {
	return apierr.Invalid("filter expression: "+format+" at offset %d", append(args, p.peek().off)...)
}

// keyword reports whether the next token is the word w, and consumes it.
func (p *exprParser) keyword(w string) bool {
	if t := p.peek(); t.kind == tokIdent && strings.EqualFold(t.text, w) {
		p.pos++
		return true
	}
	return false
}

func (p *exprParser) or() (*Node, error) {
	return p.chain("or", p.and)
}

func (p *exprParser) and() (*Node, error) {
	return p.chain("and", p.primary)
}

// chain parses operands joined by the keyword op.
func (p *exprParser) chain(op string, operand func() (*Node, error)) (*Node, error) {
	first, err := operand()
	if err != nil {
		return nil, err
	}
	children := []*Node{first}
	for p.keyword(op) {
		c, err := operand()
		if err != nil {
			return nil, err
		}
		children = append(children, c)
	}
	if len(children) == 1 {
		return first, nil
	}
	return &Node{Op: op, Children: children}, nil
}

func (p *exprParser) primary() (*Node, error) {
	if p.peek().is("(") {
		if p.depth++; p.depth > MaxFilterDepth {
			return nil, p.errorf("parentheses nest deeper than %d levels", MaxFilterDepth)
		}
		p.pos++
		n, err := p.or()
		if err != nil {
			return nil, err
		}
		if !p.peek().is(")") {
			return nil, p.errorf("expected ), got %s", p.peek())
		}
		p.pos++
		p.depth--
		return n, nil
	}
	field := p.next()
	if field.kind != tokIdent {
		p.pos--
		return nil, p.errorf("expected a field name, got %s", field)
	}
	return p.comparison(field.text)
}

var cmpOps = map[string]string{"==": "eq", "=": "eq", "!=": "ne", ">": "gt", ">=": "gte", "<": "lt", "<=": "lte"}

func (p *exprParser) comparison(field string) (*Node, error) {
	if t := p.peek(); t.kind == tokPunct && cmpOps[t.text] != "" {
		p.pos++
		v, err := p.literal()
		return &Node{Op: cmpOps[t.text], Key: field, Value: v}, err
	}
	op := "in"
	if p.keyword("not") {
		op = "nin"
	}
	if !p.keyword("in") {
		return nil, p.errorf("expected ==, !=, >, >=, <, <=, in or not in after %s, got %s", field, p.peek())
	}
	if !p.peek().is("[") {
		return nil, p.errorf("expected [ after %s", op)
	}
	p.pos++
	n := &Node{Op: op, Key: field, Values: []any{}}
	for !p.peek().is("]") {
		if len(n.Values) > 0 {
			if !p.peek().is(",") {
				return nil, p.errorf("expected , or ], got %s", p.peek())
			}
			p.pos++
		}
		v, err := p.literal()
		if err != nil {
			return nil, err
		}
		n.Values = append(n.Values, v)
	}
	p.pos++
	return n, nil
}

func (p *exprParser) literal() (any, error) {
	t := p.next()
	switch {
	case t.kind == tokString:
		return t.text, nil
	case t.kind == tokNumber:
		return json.Number(t.text), nil
	case t.kind == tokIdent && strings.EqualFold(t.text, "true"):
		return true, nil
	case t.kind == tokIdent && strings.EqualFold(t.text, "false"):
		return false, nil
	case t.kind == tokIdent && strings.EqualFold(t.text, "null"):
		return nil, nil
	}
	p.pos--
	return nil, p.errorf("expected a value (\"string\", number, true, false or null), got %s", t)
}
