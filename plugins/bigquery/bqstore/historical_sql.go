package bqstore

import (
	"fmt"
	"strings"
	"time"

	"cloud.google.com/go/bigquery"

	"github.com/quiverfs/quiver/sdk/offlinestore"
)

// maxTTLMicros caps a ttl in the SQL: longer than BigQuery's whole
// timestamp range (years 1 to 9999), so the cap changes no answer, and
// small enough that UNIX_MICROS(t) - ttl cannot overflow.
const maxTTLMicros = 400_000_000_000_000_000

// The entity table's columns.
const (
	entRow = "quiver_row"
	entTS  = "quiver_ts"
)

// entKeyColumn is the entity table's column of the i-th key column.
func entKeyColumn(i int) string { return fmt.Sprintf("quiver_e%d", i) }

// joinView is one view of a pushed-down join, resolved.
type joinView struct {
	ref      offlinestore.ViewRef
	src      *source
	cols     map[string]column
	keyCols  []int      // entity key column index of each join key
	features []joinFeat // in request order
}

// joinFeat is one feature of a joinView.
type joinFeat struct {
	name   string // the feature (mapped) name
	column string // the source column
	out    string // the output column name
	alias  string // the column in the join's result table
}

// joinSQL builds the point-in-time join of docs/historical.md as one
// query: per view, each entity row's source rows with the same keys and
// event time in [t - ttl, t], the latest (then latest created, nulls
// last) kept with QUALIFY; the views LEFT JOINed onto the entity rows.
// minTS and maxTS bound the entity times (for partition pruning); ok is
// false when every entity time is null.
func joinSQL(ents tableRef, views []*joinView, minTS, maxTS time.Time, ok bool) (string, []bigquery.QueryParameter, error) {
	var b strings.Builder
	var params []bigquery.QueryParameter
	if ok {
		params = append(params, bigquery.QueryParameter{Name: "quiver_max", Value: maxTS})
	}
	b.WriteString("WITH ")
	for i, v := range views {
		if i > 0 {
			b.WriteString(",\n")
		}
		ev, found := v.src.timeColumn(v.src.spec.TimestampField, v.cols)
		if !found {
			return "", nil, fmt.Errorf("view %s: the source has no timestamp field %q", v.ref.View.Name, clip(v.src.spec.TimestampField))
		}
		evExpr, err := timeExpr(v.cols[ev], "quiver_s."+ident(ev))
		if err != nil {
			return "", nil, fmt.Errorf("view %s: %w", v.ref.View.Name, err)
		}
		order := evExpr + " DESC"
		if cr := v.src.spec.CreatedTimestampColumn; cr != "" {
			crCol, found := v.src.timeColumn(cr, v.cols)
			if !found {
				return "", nil, fmt.Errorf("view %s: the source has no created timestamp column %q", v.ref.View.Name, clip(cr))
			}
			crExpr, err := timeExpr(v.cols[crCol], "quiver_s."+ident(crCol))
			if err != nil {
				return "", nil, fmt.Errorf("view %s: %w", v.ref.View.Name, err)
			}
			order += ", " + crExpr + " DESC NULLS LAST"
		}
		sel := []string{"quiver_e." + entRow}
		for _, f := range v.features {
			sel = append(sel, selectExpr(v.cols[f.column], "quiver_s."+ident(f.column))+" AS "+f.alias)
		}
		conds := []string{evExpr + " <= quiver_e." + entTS}
		for j, k := range v.ref.View.JoinKeys {
			conds = append(conds, "quiver_s."+ident(v.src.column(k.Name))+" = quiver_e."+entKeyColumn(v.keyCols[j]))
		}
		if ttl := v.ref.View.TTL; ttl > 0 {
			us := min(ttl.Microseconds(), maxTTLMicros)
			conds = append(conds, fmt.Sprintf("UNIX_MICROS(%s) >= UNIX_MICROS(quiver_e.%s) - %d", evExpr, entTS, us))
			if lo := minTS.Add(-ttl); ok && lo.Year() >= 1 && ttl.Microseconds() < maxTTLMicros {
				name := fmt.Sprintf("quiver_min%d", i)
				conds = append(conds, evExpr+" >= @"+name)
				params = append(params, bigquery.QueryParameter{Name: name, Value: lo})
			}
		}
		if ok {
			conds = append(conds, evExpr+" <= @quiver_max")
		}
		fmt.Fprintf(&b, "quiver_v%d AS (\n  SELECT %s\n  FROM %s AS quiver_e\n  JOIN %s AS quiver_s\n  ON %s\n  QUALIFY ROW_NUMBER() OVER (PARTITION BY quiver_e.%s ORDER BY %s) = 1\n)",
			i, strings.Join(sel, ", "), ents.sql(), v.src.from(), strings.Join(conds, "\n   AND "), entRow, order)
	}
	sel := []string{"quiver_e." + entRow}
	var joins []string
	for i, v := range views {
		for _, f := range v.features {
			sel = append(sel, fmt.Sprintf("quiver_v%d.%s", i, f.alias))
		}
		joins = append(joins, fmt.Sprintf("LEFT JOIN quiver_v%d ON quiver_v%d.%s = quiver_e.%s", i, i, entRow, entRow))
	}
	fmt.Fprintf(&b, "\nSELECT %s\nFROM %s AS quiver_e\n%s", strings.Join(sel, ", "), ents.sql(), strings.Join(joins, "\n"))
	return b.String(), params, nil
}
