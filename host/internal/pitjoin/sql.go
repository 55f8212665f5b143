package pitjoin

import (
	"fmt"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/quiverfs/quiver/sdk/offlinestore"
)

// The ASOF key of a view with a created timestamp packs (event, created)
// into one HUGEINT, event * 2^64 + (created + 2^63), a null created as 0;
// the entity side is t * 2^64 + (2^64 - 1). Then key <= entity key is
// exactly e <= t, and the greatest key is the greatest e, then the
// greatest created, a null created losing.
const (
	two64       = "18446744073709551616"
	two64Minus1 = "18446744073709551615"
	two63       = "9223372036854775808"
	keyCol      = reserved + "tk"
	eventCol    = reserved + "e"
	packedCol   = reserved + "ek"
)

// pullView names the registered stream of view i's pull.
func pullView(i int) string { return fmt.Sprintf("quiver_pull_%d", i) }

// joinSQL writes the query joining the entity table with every view's
// pull: one ASOF LEFT JOIN per view, in input order.
func joinSQL(req *offlinestore.HistoricalFeaturesRequest, entity *arrow.Schema) string {
	var b strings.Builder
	packed := false
	for _, v := range req.Views {
		packed = packed || v.Source.CreatedTimestampColumn != ""
	}
	b.WriteString("WITH e AS (SELECT *")
	if packed {
		fmt.Fprintf(&b, ", CAST(%s AS HUGEINT) * %s + %s AS %s", timeCol, two64, two64Minus1, keyCol)
	}
	fmt.Fprintf(&b, " FROM %s)", entityTable)
	for i, v := range req.Views {
		fmt.Fprintf(&b, ",\nj%d AS (%s)", i, viewSQL(i, v))
	}
	b.WriteString("\nSELECT ")
	b.WriteString(strings.Join(selectList(req, entity), ", "))
	b.WriteString("\nFROM e")
	for i, v := range req.Views {
		fmt.Fprintf(&b, "\nASOF LEFT JOIN j%d ON ", i)
		for k, key := range v.View.JoinKeys {
			fmt.Fprintf(&b, "e.%s = j%d.%sk%d AND ", ident(EntityColumn(v, key.Name)), i, reserved, k)
		}
		if v.Source.CreatedTimestampColumn != "" {
			fmt.Fprintf(&b, "e.%s >= j%d.%s", keyCol, i, packedCol)
		} else {
			fmt.Fprintf(&b, "e.%s >= j%d.%s", timeCol, i, eventCol)
		}
	}
	fmt.Fprintf(&b, "\nORDER BY e.%s", rowCol)
	return b.String()
}

// viewSQL selects a view's pulled rows under the engine's names.
func viewSQL(i int, v offlinestore.ViewRef) string {
	ev := fmt.Sprintf("epoch_us(CAST(%s AS TIMESTAMPTZ))", ident(v.Source.TimestampField))
	cols := []string{ev + " AS " + eventCol}
	for k, key := range v.View.JoinKeys {
		cols = append(cols, fmt.Sprintf("%s AS %sk%d", ident(key.Name), reserved, k))
	}
	if c := v.Source.CreatedTimestampColumn; c != "" {
		cols = append(cols, fmt.Sprintf("CAST(%s AS HUGEINT) * %s + COALESCE(CAST(epoch_us(CAST(%s AS TIMESTAMPTZ)) AS HUGEINT) + %s, 0) AS %s",
			ev, two64, ident(c), two63, packedCol))
	}
	for f, name := range v.Features {
		cols = append(cols, fmt.Sprintf("%s AS %sf%d", ident(name), reserved, f))
	}
	return fmt.Sprintf("SELECT %s FROM %s WHERE %s IS NOT NULL", strings.Join(cols, ", "), pullView(i), ident(v.Source.TimestampField))
}

// selectList is the output: entity columns (timestamps as TIMESTAMPTZ),
// then each view's features, null outside the view's ttl.
func selectList(req *offlinestore.HistoricalFeaturesRequest, entity *arrow.Schema) []string {
	var out []string
	for _, f := range entity.Fields() {
		c := "e." + ident(f.Name)
		if f.Type.ID() == arrow.TIMESTAMP {
			c = fmt.Sprintf("CAST(%s AS TIMESTAMPTZ) AS %s", c, ident(f.Name))
		}
		out = append(out, c)
	}
	for i, v := range req.Views {
		for f, name := range v.Features {
			val := fmt.Sprintf("j%d.%sf%d", i, reserved, f)
			if ttl := v.View.TTL.Microseconds(); ttl > 0 {
				val = fmt.Sprintf("CASE WHEN j%d.%s >= e.%s - %d THEN %s END", i, eventCol, timeCol, ttl, val)
			}
			out = append(out, val+" AS "+ident(OutputName(v.View.Name, name, req.FullFeatureNames)))
		}
	}
	return out
}
