package fileoffline

import (
	"fmt"
	"strings"

	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

// keyTable is the temporary table of a pull's entity keys; its columns
// are k0, k1, ... in join-key order.
const keyTable = "quiver_keys"

// pull is a planned pull: its SQL, the SQL's parameters, and the join-key
// columns an entity filter matches.
type pull struct {
	sql  string
	args []any
	keys []column
}

// planPull writes the query of req over t. latest keeps the latest row per
// join-key tuple; filter semi-joins keyTable.
func planPull(t *table, req *offlinestore.PullRequest, latest, filter bool) (*pull, error) {
	ev, cr, err := t.timestamps()
	if err != nil {
		return nil, err
	}
	p := &pull{args: []any{t.patterns}}
	if p.keys, err = t.outputColumns("join key", req.JoinKeys); err != nil {
		return nil, err
	}
	feats, err := t.outputColumns("feature column", req.FeatureColumns)
	if err != nil {
		return nil, err
	}
	sel, err := t.selectList(append(append([]column{}, p.keys...), feats...), ev, cr)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "SELECT %s FROM %s", strings.Join(sel, ", "), readParquet)
	if filter {
		b.WriteString(" SEMI JOIN " + keyTable + " AS k ON ")
		for i, k := range p.keys {
			if i > 0 {
				b.WriteString(" AND ")
			}
			fmt.Fprintf(&b, "%s = k.k%d", col(k.src), i)
		}
	}
	p.where(&b, ev, req)
	if latest {
		p.qualify(&b, ev, cr)
	}
	p.sql = b.String()
	return p, nil
}

// selectList returns the output expressions: cols under their mapped
// names, then the timestamps under the spec's names. Names must be unique.
func (t *table) selectList(cols []column, ev column, cr *column) ([]string, error) {
	type out struct {
		c    column
		name string
	}
	outs := make([]out, 0, len(cols)+2)
	for _, c := range cols {
		outs = append(outs, out{c, c.name})
	}
	outs = append(outs, out{ev, t.spec.TimestampField})
	if cr != nil {
		outs = append(outs, out{*cr, t.spec.CreatedTimestampColumn})
	}
	sel := make([]string, len(outs))
	seen := make(map[string]bool, len(outs))
	for i, o := range outs {
		if seen[o.name] {
			return nil, storeerr.InvalidArgument("file offline store: source %q: column %q is asked for twice", t.spec.Name, o.name)
		}
		seen[o.name] = true
		sel[i] = outputExpr(o.c) + " AS " + ident(o.name)
	}
	return sel, nil
}

// where bounds the event time to [Start, End); a zero bound is no bound.
func (p *pull) where(b *strings.Builder, ev column, req *offlinestore.PullRequest) {
	var conds []string
	lhs, rhs := boundExprs(ev)
	if !req.Start.IsZero() {
		conds = append(conds, lhs+" >= "+rhs)
		p.args = append(p.args, req.Start.UnixMicro())
	}
	if !req.End.IsZero() {
		conds = append(conds, lhs+" < "+rhs)
		p.args = append(p.args, req.End.UnixMicro())
	}
	if len(conds) > 0 {
		b.WriteString(" WHERE " + strings.Join(conds, " AND "))
	}
}

// qualify keeps, per join-key tuple, the row with the greatest event then
// created timestamp.
func (p *pull) qualify(b *strings.Builder, ev column, cr *column) {
	parts := make([]string, len(p.keys))
	for i, k := range p.keys {
		parts[i] = col(k.src)
	}
	order := col(ev.src) + " DESC NULLS LAST"
	if cr != nil {
		order += ", " + col(cr.src) + " DESC NULLS LAST"
	}
	over := "ORDER BY " + order
	if len(parts) > 0 {
		over = "PARTITION BY " + strings.Join(parts, ", ") + " " + over
	}
	b.WriteString(" QUALIFY row_number() OVER (" + over + ") = 1")
}

// boundExprs returns the two sides of a comparison of the event column
// with a bound given in microseconds since the epoch, in the column's own
// type where possible so DuckDB can prune row groups by their statistics.
// Timestamps without a time zone are UTC.
func boundExprs(ev column) (lhs, rhs string) {
	switch ev.duck {
	case "TIMESTAMP WITH TIME ZONE":
		return col(ev.src), "make_timestamptz(?::BIGINT)"
	case "TIMESTAMP":
		return col(ev.src), "make_timestamp(?::BIGINT)"
	}
	return "CAST(" + col(ev.src) + " AS TIMESTAMP)", "make_timestamp(?::BIGINT)"
}

// outputExpr is a column as a pull outputs it, cast to its Quiver type.
func outputExpr(c column) string {
	if c.cast == "" {
		return col(c.src)
	}
	return "CAST(" + col(c.src) + " AS " + c.cast + ")"
}

// outputColumns looks up pulled columns by mapped name; each must exist
// and have a supported type.
func (t *table) outputColumns(what string, names []string) ([]column, error) {
	out := make([]column, len(names))
	for i, n := range names {
		c, ok := t.byName(n)
		if !ok {
			return nil, storeerr.InvalidArgument("file offline store: source %q has no %s %q", t.spec.Name, what, n)
		}
		if c.typ == types.Invalid {
			return nil, storeerr.InvalidArgument("file offline store: source %q: %s %q has the DuckDB type %s, which Quiver does not support", t.spec.Name, what, n, c.duck)
		}
		out[i] = c
	}
	return out, nil
}

// timestamps returns the event timestamp column and, if the spec names
// one, the created timestamp column; both must be timestamps.
func (t *table) timestamps() (ev column, cr *column, err error) {
	if ev, err = t.timestamp("timestamp field", t.spec.TimestampField); err != nil {
		return ev, nil, err
	}
	if t.spec.CreatedTimestampColumn == "" {
		return ev, nil, nil
	}
	c, err := t.timestamp("created timestamp column", t.spec.CreatedTimestampColumn)
	return ev, &c, err
}

// timestamp returns the timestamp column a spec field names.
func (t *table) timestamp(what, name string) (column, error) {
	if name == "" {
		return column{}, storeerr.InvalidArgument("file offline store: source %q has no %s", t.spec.Name, what)
	}
	c, ok := t.bySource(name)
	if !ok {
		return c, storeerr.InvalidArgument("file offline store: source %q has no column %q (its %s)", t.spec.Name, name, what)
	}
	if !isTimestamp(c.duck) {
		return c, storeerr.InvalidArgument("file offline store: source %q: %s %q has the DuckDB type %s, not a timestamp", t.spec.Name, what, name, c.duck)
	}
	return c, nil
}
