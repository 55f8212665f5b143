package pitjoin

import (
	"context"
	"database/sql/driver"
	"fmt"
	"strings"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// pullRequest returns the pull of view v that a join needs: event time in
// [min entity time - ttl, max entity time], only the needed entity keys
// when the store filters and they are few enough.
func (e *Engine) pullRequest(ctx context.Context, conn *duckdb.Conn, req *offlinestore.HistoricalFeaturesRequest,
	v offlinestore.ViewRef, st *entityStats, filter bool) (*offlinestore.PullRequest, error) {
	pr := &offlinestore.PullRequest{Project: req.Project, Source: v.Source, FeatureColumns: v.Features}
	for _, k := range v.View.JoinKeys {
		pr.JoinKeys = append(pr.JoinKeys, k.Name)
	}
	if !st.hasTime {
		// No entity row has a time: nothing can match; pull an empty window.
		pr.Start, pr.End = time.UnixMicro(1).UTC(), time.UnixMicro(1).UTC()
		return pr, nil
	}
	pr.End = time.UnixMicro(st.maxT + 1).UTC()
	if v.View.TTL > 0 {
		pr.Start = time.UnixMicro(st.minT - v.View.TTL.Microseconds()).UTC()
	}
	if !filter || len(v.View.JoinKeys) == 0 || e.maxFilterKeys() < 0 {
		return pr, nil
	}
	keys, err := distinctKeys(ctx, conn, v, e.maxFilterKeys())
	if err != nil || keys == nil {
		return pr, err
	}
	pr.EntityKeys = keys
	return pr, nil
}

// distinctKeys returns the distinct non-null entity keys of v, or nil when
// there are more than limit of them.
func distinctKeys(ctx context.Context, conn *duckdb.Conn, v offlinestore.ViewRef, limit int) ([]types.EntityKey, error) {
	cols := make([]string, len(v.View.JoinKeys))
	var conds []string
	for i, k := range v.View.JoinKeys {
		cols[i] = ident(EntityColumn(v, k.Name))
		conds = append(conds, cols[i]+" IS NOT NULL")
	}
	q := fmt.Sprintf("SELECT DISTINCT %s FROM %s WHERE %s LIMIT %d", strings.Join(cols, ", "), entityTable, strings.Join(conds, " AND "), limit+1)
	rows, err := queryRows(ctx, conn, q)
	if err != nil || len(rows) > limit {
		return nil, err
	}
	keys := make([]types.EntityKey, 0, len(rows))
	for _, row := range rows {
		key := make(types.EntityKey, len(row))
		for i, k := range v.View.JoinKeys {
			val, err := keyValue(row[i], k.Type)
			if err != nil {
				return nil, fmt.Errorf("pitjoin: join key %s of view %s: %w", k.Name, v.View.Name, err)
			}
			key[i] = types.KeyPart{JoinKey: k.Name, Value: val}
		}
		keys = append(keys, key)
	}
	if len(keys) == 0 {
		return nil, nil
	}
	return keys, nil
}

// keyValue converts a DuckDB value to a join key value of type t.
func keyValue(v driver.Value, t types.ValueType) (types.Value, error) {
	var i int64
	switch x := v.(type) {
	case string:
		return types.StringValue(x), nil
	case []byte:
		return types.BytesValue(x), nil
	case bool:
		return types.BoolValue(x), nil
	case int8:
		i = int64(x)
	case int16:
		i = int64(x)
	case int32:
		i = int64(x)
	case int64:
		i = x
	case uint8:
		i = int64(x)
	case uint16:
		i = int64(x)
	case uint32:
		i = int64(x)
	default:
		return types.Value{}, fmt.Errorf("unsupported key value %T", v)
	}
	if t == types.Int32 {
		return types.Int32Value(int32(i)), nil
	}
	return types.Int64Value(i), nil
}
