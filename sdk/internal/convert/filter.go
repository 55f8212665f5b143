package convert

import (
	"errors"
	"fmt"

	pb "github.com/quiverfs/quiver/sdk/internal/gen/quiver/plugin/v1"
	"github.com/quiverfs/quiver/sdk/onlinestore"
)

// MaxFilterDepth is the deepest filter tree FilterFromProto accepts; a
// comparison is one level. The host refuses deeper filters before they
// reach a plugin.
const MaxFilterDepth = 64

// FilterToProto converts a filter tree; nil stays nil.
func FilterToProto(f *onlinestore.Filter) *pb.Filter {
	if f == nil {
		return nil
	}
	if f.And || f.Or {
		kind := pb.Filter_Compound_KIND_AND
		if f.Or {
			kind = pb.Filter_Compound_KIND_OR
		}
		children := make([]*pb.Filter, len(f.Children))
		for i, c := range f.Children {
			children[i] = FilterToProto(c)
		}
		return &pb.Filter{Node: &pb.Filter_Compound_{Compound: &pb.Filter_Compound{Kind: kind, Children: children}}}
	}
	cmp := &pb.Filter_Comparison{Field: f.Field, Op: pb.Filter_Op(f.Op), Values: ValuesToProto(f.Values)}
	if f.Op != onlinestore.OpIn && f.Op != onlinestore.OpNin {
		cmp.Value = ValueToProto(f.Value)
	}
	return &pb.Filter{Node: &pb.Filter_Comparison_{Comparison: cmp}}
}

// FilterFromProto converts a filter tree; nil stays nil. A node that is
// neither a comparison nor a compound, an unknown operator or compound
// kind, a comparison without a field, and a tree deeper than
// MaxFilterDepth are errors. Value is read only for operators other than
// in and nin, as FilterToProto sends it.
func FilterFromProto(p *pb.Filter) (*onlinestore.Filter, error) {
	if p == nil {
		return nil, nil
	}
	return filterFromProto(p, 1)
}

// filterFromProto converts a node depth levels deep (1 at the top).
func filterFromProto(p *pb.Filter, depth int) (*onlinestore.Filter, error) {
	if depth > MaxFilterDepth {
		return nil, fmt.Errorf("filter nests deeper than %d levels", MaxFilterDepth)
	}
	switch node := p.GetNode().(type) {
	case *pb.Filter_Compound_:
		return compoundFromProto(node.Compound, depth)
	case *pb.Filter_Comparison_:
		return comparisonFromProto(node.Comparison)
	}
	return nil, errors.New("filter node is neither a comparison nor a compound")
}

func compoundFromProto(c *pb.Filter_Compound, depth int) (*onlinestore.Filter, error) {
	kind := c.GetKind()
	if kind != pb.Filter_Compound_KIND_AND && kind != pb.Filter_Compound_KIND_OR {
		return nil, fmt.Errorf("filter compound of unknown kind %d", kind)
	}
	out := &onlinestore.Filter{And: kind == pb.Filter_Compound_KIND_AND, Or: kind == pb.Filter_Compound_KIND_OR}
	for _, child := range c.GetChildren() {
		f, err := filterFromProto(child, depth+1)
		if err != nil {
			return nil, err
		}
		out.Children = append(out.Children, f)
	}
	return out, nil
}

func comparisonFromProto(c *pb.Filter_Comparison) (*onlinestore.Filter, error) {
	op := onlinestore.FilterOp(c.GetOp())
	if op < onlinestore.OpEq || op > onlinestore.OpNin {
		return nil, fmt.Errorf("filter comparison with unknown operator %d", c.GetOp())
	}
	if c.GetField() == "" {
		return nil, errors.New("filter comparison names no field")
	}
	out := &onlinestore.Filter{Field: c.GetField(), Op: op}
	if vs := c.GetValues(); len(vs) > 0 {
		out.Values = ValuesFromProto(vs)
	}
	if op != onlinestore.OpIn && op != onlinestore.OpNin {
		out.Value = ValueFromProto(c.GetValue())
	}
	return out, nil
}
