package vector

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/quiverfs/quiver/host/internal/apierr"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// Node is an untyped filter: a comparison (Key, Op, Value or Values) or a
// compound (Op "and" or "or" over Children). Values are JSON-shaped: nil,
// bool, string, json.Number, or float64.
type Node struct {
	Op       string // eq ne gt gte lt lte in nin, or and / or
	Key      string
	Value    any
	Values   []any
	Children []*Node
}

var ops = map[string]onlinestore.FilterOp{
	"eq": onlinestore.OpEq, "ne": onlinestore.OpNe, "gt": onlinestore.OpGt, "gte": onlinestore.OpGte,
	"lt": onlinestore.OpLt, "lte": onlinestore.OpLte, "in": onlinestore.OpIn, "nin": onlinestore.OpNin,
}

// Typed converts n into a store filter; fields gives the type of every
// filterable field (join keys and scalar features). Errors are Invalid
// and name the field or operator at fault; a tree deeper than
// MaxFilterDepth is Invalid too.
func (n *Node) Typed(fields map[string]types.ValueType) (*onlinestore.Filter, error) {
	return n.typed(fields, 1)
}

// typed converts n, found depth levels deep (1 at the top).
func (n *Node) typed(fields map[string]types.ValueType, depth int) (*onlinestore.Filter, error) {
	if n == nil {
		return nil, nil
	}
	if depth > MaxFilterDepth {
		return nil, apierr.Invalid("filter: filters nest deeper than %d levels", MaxFilterDepth)
	}
	if n.Op == "and" || n.Op == "or" {
		f := &onlinestore.Filter{And: n.Op == "and", Or: n.Op == "or"}
		for _, c := range n.Children {
			if c == nil {
				return nil, apierr.Invalid("filter: an %s filter holds a null filter", n.Op)
			}
			tc, err := c.typed(fields, depth+1)
			if err != nil {
				return nil, err
			}
			f.Children = append(f.Children, tc)
		}
		return f, nil
	}
	op, ok := ops[n.Op]
	if !ok {
		return nil, apierr.Invalid("filter: unknown operator %q (use eq, ne, gt, gte, lt, lte, in, nin, and, or)", n.Op)
	}
	t, ok := fields[n.Key]
	if !ok {
		return nil, apierr.Invalid("filter: %q is not a scalar feature or join key of the view", n.Key)
	}
	f := &onlinestore.Filter{Field: n.Key, Op: op}
	if op == onlinestore.OpIn || op == onlinestore.OpNin {
		for _, raw := range n.Values {
			v, err := typedValue(n.Key, t, raw)
			if err != nil {
				return nil, err
			}
			f.Values = append(f.Values, v)
		}
		return f, nil
	}
	v, err := typedValue(n.Key, t, n.Value)
	f.Value = v
	return f, err
}

// typedValue converts a JSON-shaped value for a field of type t.
func typedValue(key string, t types.ValueType, raw any) (types.Value, error) {
	bad := func() (types.Value, error) {
		return types.Value{}, apierr.Invalid("filter: %v is not a valid %s value for %q", raw, t, key)
	}
	switch x := raw.(type) {
	case nil:
		return types.Null(), nil
	case bool:
		if t == types.Bool {
			return types.BoolValue(x), nil
		}
	case string:
		switch t {
		case types.String:
			return types.StringValue(x), nil
		case types.Timestamp:
			ts, err := time.Parse(time.RFC3339Nano, x)
			if err != nil {
				return bad()
			}
			return types.TimestampValue(ts), nil
		}
	case float64:
		return typedNumber(key, t, json.Number(strconv.FormatFloat(x, 'g', -1, 64)))
	case json.Number:
		return typedNumber(key, t, x)
	}
	return bad()
}

// typedNumber converts a number: integers stay integers for integer fields,
// fractions compare by value; timestamps take seconds since the epoch.
func typedNumber(key string, t types.ValueType, n json.Number) (types.Value, error) {
	i, intErr := strconv.ParseInt(n.String(), 10, 64)
	f, floatErr := strconv.ParseFloat(n.String(), 64)
	switch {
	case floatErr != nil:
		return types.Value{}, apierr.Invalid("filter: %s is not a number (for %q)", n, key)
	case t == types.Int32 && intErr == nil && i >= math.MinInt32 && i <= math.MaxInt32:
		return types.Int32Value(int32(i)), nil
	case t == types.Int64 && intErr == nil:
		return types.Int64Value(i), nil
	case t == types.Int32 || t == types.Int64 || t == types.Float64:
		return types.Float64Value(f), nil
	case t == types.Float32:
		return types.Float32Value(float32(f)), nil
	case t == types.Timestamp:
		return types.TimestampValue(time.Unix(0, int64(f*1e9)).UTC()), nil
	}
	return types.Value{}, apierr.Invalid("filter: %s is not a valid %s value for %q", n, t, key)
}

// String renders n in the expression syntax, for messages and tests.
func (n *Node) String() string {
	if n == nil {
		return ""
	}
	if n.Op == "and" || n.Op == "or" {
		s := "("
		for i, c := range n.Children {
			if i > 0 {
				s += " " + n.Op + " "
			}
			s += c.String()
		}
		return s + ")"
	}
	if n.Op == "in" || n.Op == "nin" {
		return fmt.Sprintf("%s %s %v", n.Key, n.Op, n.Values)
	}
	return fmt.Sprintf("%s %s %v", n.Key, n.Op, n.Value)
}
