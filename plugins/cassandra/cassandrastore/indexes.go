package cassandrastore

import (
	"context"
	"maps"
	"slices"
	"strings"
	"time"

	gocql "github.com/apache/cassandra-gocql-driver/v2"

	"github.com/quiverfs/quiver/sdk/types"
)

// wantedIndex is an SAI index a view's table should have.
type wantedIndex struct {
	column     string
	similarity string // vector indexes: COSINE, DOT_PRODUCT or EUCLIDEAN
}

// wantedIndexes lists the SAI indexes of a view's table, by index name:
// one per vector field that is not FLAT, and, when there is one, one per
// join key and scalar feature that SAI can index, for filters.
func wantedIndexes(table string, v types.FeatureViewSpec) map[string]wantedIndex {
	out := map[string]wantedIndex{}
	for _, f := range v.Features {
		if f.Vector != nil && mustVectorIndex(f) == indexSAI {
			out[indexName(table, f.Name)] = wantedIndex{column: f.Name, similarity: similarityFunction(f.Vector.Metric)}
		}
	}
	if len(out) == 0 {
		return out
	}
	for _, f := range slices.Concat(v.JoinKeys, v.Features) {
		if f.Vector == nil && saiIndexable(f.Type) {
			out[indexName(table, f.Name)] = wantedIndex{column: f.Name}
		}
	}
	return out
}

// ensureIndexes makes a table's SAI indexes those wantedIndexes lists:
// unwanted ones (of this store's naming) and ones with another similarity
// function are dropped, missing ones created, and it waits, within ctx,
// until they are queryable.
func (c *conn) ensureIndexes(ctx context.Context, sess *gocql.Session, table string, v types.FeatureViewSpec) error {
	want := wantedIndexes(table, v)
	iter := sess.Query("SELECT index_name, options FROM system_schema.indexes WHERE keyspace_name = ? AND table_name = ?",
		c.settings.Keyspace, table).WithContext(ctx).Consistency(gocql.One).Iter()
	have := map[string]map[string]string{}
	var name string
	var opts map[string]string
	for iter.Scan(&name, &opts) {
		have[name] = opts
		opts = nil
	}
	if err := iter.Close(); err != nil {
		return storeError(c.name, "reading the indexes of view "+v.Name, err)
	}
	for name, opts := range have {
		w, ok := want[name]
		if ok && strings.EqualFold(opts["similarity_function"], w.similarity) {
			continue
		}
		if !strings.HasPrefix(name, "quiver_idx_") {
			continue // not ours
		}
		if err := c.ddl(ctx, sess, "DROP INDEX IF EXISTS "+quoteIdent(c.settings.Keyspace)+"."+quoteIdent(name)); err != nil {
			return storeError(c.name, "dropping index "+name+" of view "+v.Name, err)
		}
		delete(have, name)
	}
	for _, name := range slices.Sorted(maps.Keys(want)) {
		if _, ok := have[name]; ok {
			continue
		}
		w := want[name]
		stmt := "CREATE CUSTOM INDEX IF NOT EXISTS " + quoteIdent(name) + " ON " + c.qual(table) + " (" + quoteIdent(w.column) +
			") USING 'StorageAttachedIndex'"
		if w.similarity != "" {
			stmt += " WITH OPTIONS = {'similarity_function': '" + w.similarity + "'}"
		}
		if err := c.ddl(ctx, sess, stmt); err != nil {
			return storeError(c.name, "creating the index of "+w.column+" of view "+v.Name, err)
		}
	}
	return c.waitQueryable(ctx, sess, slices.Collect(maps.Keys(want)))
}

// waitQueryable waits until every named SAI index is queryable (an index
// added to a table with rows is built in the background). Where the
// server has no system_views.sai_column_indexes, it does not wait.
func (c *conn) waitQueryable(ctx context.Context, sess *gocql.Session, names []string) error {
	for _, name := range names {
		for {
			var queryable bool
			err := sess.Query("SELECT is_queryable FROM system_views.sai_column_indexes WHERE keyspace_name = ? AND index_name = ?",
				c.settings.Keyspace, name).WithContext(ctx).Consistency(gocql.One).Scan(&queryable)
			if err != nil || queryable {
				break // no such view, or ready
			}
			select {
			case <-ctx.Done():
				return storeError(c.name, "waiting for index "+name+" to be built", ctx.Err())
			case <-time.After(100 * time.Millisecond):
			}
		}
	}
	return nil
}
