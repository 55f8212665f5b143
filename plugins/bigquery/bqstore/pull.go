package bqstore

import (
	"context"
	"fmt"
	"strings"
	"time"

	"cloud.google.com/go/bigquery"

	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

// maxPullColumns bounds the join keys plus features of one pull.
const maxPullColumns = 10_000

// PullLatest implements offlinestore.Store: one query keeps the latest row
// per key with QUALIFY ROW_NUMBER() (event time, then created time, nulls
// last) into a temporary table, streamed back through the Storage Read API.
func (s *Store) PullLatest(ctx context.Context, req *offlinestore.PullRequest) (*offlinestore.PullResponse, error) {
	return s.pull(ctx, req, true)
}

// PullRange implements offlinestore.Store: every row in [Start, End), like
// PullLatest without the QUALIFY.
func (s *Store) PullRange(ctx context.Context, req *offlinestore.PullRequest) (*offlinestore.PullResponse, error) {
	return s.pull(ctx, req, false)
}

// pullPlan is a pull's SQL and output columns.
type pullPlan struct {
	sql    string
	params []bigquery.QueryParameter
	out    []outColumn
}

func (s *Store) pull(ctx context.Context, req *offlinestore.PullRequest, latest bool) (*offlinestore.PullResponse, error) {
	what := map[bool]string{false: "PullRange", true: "PullLatest"}[latest]
	c, err := s.conn()
	if err != nil {
		return nil, err
	}
	src, err := resolveSource(&c.settings, req.Source)
	if err != nil {
		return nil, storeerr.InvalidArgument("bigquery offline store: %s: %v", what, err)
	}
	if len(req.JoinKeys)+len(req.FeatureColumns) > maxPullColumns {
		return nil, storeerr.InvalidArgument("bigquery offline store: %s asks for %d columns, at most %d", what, len(req.JoinKeys)+len(req.FeatureColumns), maxPullColumns)
	}
	// The read outlives this call: it ends when the caller releases it.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Duration(c.settings.QueryTimeout))
	_, cols, err := s.columns(ctx, c, src)
	if err != nil {
		cancel()
		return nil, err
	}
	// Plan once to check the request before uploading any keys.
	plan, err := planPull(src, cols, req, latest, nil)
	if err != nil {
		cancel()
		return nil, storeerr.InvalidArgument("bigquery offline store: %s of %s: %v", what, src, err)
	}
	var keys *tableRef
	if len(req.EntityKeys) > 0 {
		t, err := s.uploadKeys(ctx, c, req)
		if err != nil {
			cancel()
			return nil, err
		}
		keys = &t
		if plan, err = planPull(src, cols, req, latest, keys); err != nil {
			c.dropTable(ctx, t)
			cancel()
			return nil, storeerr.InvalidArgument("bigquery offline store: %s of %s: %v", what, src, err)
		}
	}
	dropKeys := func() {
		if keys != nil {
			c.dropTable(ctx, *keys)
		}
	}
	dst, err := c.queryToTable(ctx, req.Project, tempPull, what+" of "+src.String(), plan.sql, plan.params)
	dropKeys()
	if err != nil {
		cancel()
		return nil, err
	}
	rd, err := c.readTable(ctx, dst, plan.out, func() { c.dropTable(ctx, dst); cancel() })
	if err != nil {
		return nil, err
	}
	return &offlinestore.PullResponse{Records: rd}, nil
}

// planPull builds a pull's SQL: join keys and features under their mapped
// names, then the event and created columns under the spec's strings;
// with keys, joined with that table of entity keys.
func planPull(src *source, cols map[string]column, req *offlinestore.PullRequest, latest bool, keys *tableRef) (*pullPlan, error) {
	p := &pullPlan{}
	var sel []string
	add := func(name, col string) error {
		if err := checkIdent(name); err != nil {
			return err
		}
		c, ok := cols[col]
		if !ok {
			return fmt.Errorf("the source has no column %s", col)
		}
		if c.qtype == types.Invalid {
			return fmt.Errorf("column %s is %s, which has no Quiver type", col, typeName(c))
		}
		alias := fmt.Sprintf("quiver_c%d", len(sel))
		sel = append(sel, selectExpr(c, "quiver_s."+ident(col))+" AS "+alias)
		p.out = append(p.out, outColumn{from: alias, name: name, typ: arrowType(c.qtype)})
		return nil
	}
	var keyRefs []string
	for _, k := range req.JoinKeys {
		if err := add(k, src.column(k)); err != nil {
			return nil, err
		}
		keyRefs = append(keyRefs, "quiver_s."+ident(src.column(k)))
	}
	for _, f := range req.FeatureColumns {
		if err := add(f, src.column(f)); err != nil {
			return nil, err
		}
	}
	ev, ok := src.timeColumn(src.spec.TimestampField, cols)
	if !ok {
		return nil, fmt.Errorf("the source has no timestamp field %q", clip(src.spec.TimestampField))
	}
	evExpr, err := timeExpr(cols[ev], "quiver_s."+ident(ev))
	if err != nil {
		return nil, err
	}
	if err := add(src.spec.TimestampField, ev); err != nil {
		return nil, err
	}
	order := evExpr + " DESC"
	if src.spec.CreatedTimestampColumn != "" {
		cr, ok := src.timeColumn(src.spec.CreatedTimestampColumn, cols)
		if !ok {
			return nil, fmt.Errorf("the source has no created timestamp column %q", clip(src.spec.CreatedTimestampColumn))
		}
		crExpr, err := timeExpr(cols[cr], "quiver_s."+ident(cr))
		if err != nil {
			return nil, err
		}
		if err := add(src.spec.CreatedTimestampColumn, cr); err != nil {
			return nil, err
		}
		order += ", " + crExpr + " DESC NULLS LAST"
	}
	var where []string
	if !req.Start.IsZero() {
		where = append(where, evExpr+" >= @quiver_start")
		p.params = append(p.params, bigquery.QueryParameter{Name: "quiver_start", Value: req.Start.UTC()})
	}
	if !req.End.IsZero() {
		where = append(where, evExpr+" < @quiver_end")
		p.params = append(p.params, bigquery.QueryParameter{Name: "quiver_end", Value: req.End.UTC()})
	}
	if len(where) == 0 {
		where = append(where, evExpr+" IS NOT NULL")
	}
	var b strings.Builder
	join := ""
	if keys != nil {
		join = keysJoin(*keys, src, req.JoinKeys)
	}
	fmt.Fprintf(&b, "SELECT %s\nFROM %s AS quiver_s%s\nWHERE %s", strings.Join(sel, ", "), src.from(), join, strings.Join(where, " AND "))
	if latest {
		partition := ""
		if len(keyRefs) > 0 {
			partition = "PARTITION BY " + strings.Join(keyRefs, ", ") + " "
		}
		fmt.Fprintf(&b, "\nQUALIFY ROW_NUMBER() OVER (%sORDER BY %s) = 1", partition, order)
	}
	p.sql = b.String()
	return p, nil
}

// typeName renders a column's BigQuery type.
func typeName(c column) string {
	if c.repeated {
		return "ARRAY<" + string(c.bqType) + ">"
	}
	return string(c.bqType)
}

// keyColumn is the column of the i-th key part in a keys table.
func keyColumn(i int) string { return fmt.Sprintf("quiver_k%d", i) }

// keysJoin joins the source with a table of distinct entity keys.
func keysJoin(t tableRef, src *source, joinKeys []string) string {
	on := make([]string, len(joinKeys))
	for i, k := range joinKeys {
		on[i] = "quiver_s." + ident(src.column(k)) + " = quiver_keys." + keyColumn(i)
	}
	return "\nJOIN " + t.sql() + " AS quiver_keys ON " + strings.Join(on, " AND ")
}
