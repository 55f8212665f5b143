package cassandrastore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	gocql "github.com/apache/cassandra-gocql-driver/v2"

	"github.com/quiverfs/quiver/sdk/types"
)

// tableComment is what a table's CQL comment holds: whose table it is and
// the Quiver types of its columns, which the CQL types alone do not say
// (timestamps are stored as bigint microseconds).
type tableComment struct {
	Quiver   int            `json:"quiver_online_store"` // format version, 1
	Project  string         `json:"project"`
	View     string         `json:"view"`
	JoinKeys []commentField `json:"join_keys"`
	Features []commentField `json:"features"`
}

// commentField is one column of a tableComment.
type commentField struct {
	Name      string `json:"name"`
	Type      string `json:"type"`
	Dimension int    `json:"dimension,omitempty"` // vector fields
	Metric    string `json:"metric,omitempty"`    // vector fields
	Index     string `json:"index,omitempty"`     // vector fields: FLAT or SAI
}

// tableInfo is what the store knows of one view's table.
type tableInfo struct {
	name     string // the table's name, unquoted
	qualName string // keyspace."table", for statements
	project  string
	view     string
	joinKeys []types.Field
	features map[string]featureInfo
	// vectorIndexed: a vector field has an SAI index (writes are limited).
	vectorIndexed bool
}

// featureInfo is one feature column.
type featureInfo struct {
	field types.Field
	index string // vector fields: indexFlat or indexSAI
}

// The vector index types.
const (
	indexFlat = "FLAT" // no index: exact search by a scan of the table
	indexSAI  = "SAI"  // a Storage-Attached Index (approximate, JVector)
)

// errNoTable says a view's table does not exist (never applied, or deleted).
var errNoTable = errors.New("no table")

// tableCache remembers tables for a while; ApplyInfra and Teardown of this
// store forget what they change, and entries are reloaded after
// tableCacheTTL so that other processes' schema changes are seen.
type tableCache struct {
	mu      sync.Mutex
	entries map[[2]string]cacheEntry
}

type cacheEntry struct {
	info   *tableInfo // nil: no table
	loaded time.Time
}

// How long a cached table (or its absence) is trusted.
const (
	tableCacheTTL  = 10 * time.Second
	noTableTTL     = time.Second
	maxCommentSize = 1 << 20
)

func newTableCache() *tableCache { return &tableCache{entries: map[[2]string]cacheEntry{}} }

// forget drops the cached entry of a view.
func (c *tableCache) forget(project, view string) {
	c.mu.Lock()
	delete(c.entries, [2]string{project, view})
	c.mu.Unlock()
}

// table returns the table of a view, from the cache or from the cluster's
// schema; errNoTable when there is none.
func (c *conn) table(ctx context.Context, sess *gocql.Session, project, view string) (*tableInfo, error) {
	key := [2]string{project, view}
	c.tables.mu.Lock()
	e, ok := c.tables.entries[key]
	c.tables.mu.Unlock()
	ttl := tableCacheTTL
	if ok && e.info == nil {
		ttl = noTableTTL
	}
	if !ok || time.Since(e.loaded) > ttl {
		info, err := c.loadTable(ctx, sess, project, view)
		if err != nil && !errors.Is(err, errNoTable) {
			return nil, err
		}
		e = cacheEntry{info: info, loaded: time.Now()}
		c.tables.mu.Lock()
		c.tables.entries[key] = e
		c.tables.mu.Unlock()
	}
	if e.info == nil {
		return nil, errNoTable
	}
	return e.info, nil
}

// loadTable reads a view's table from system_schema.tables; errNoTable
// when it is absent or belongs to no Quiver view of this name.
func (c *conn) loadTable(ctx context.Context, sess *gocql.Session, project, view string) (*tableInfo, error) {
	name := tableName(project, view)
	var comment string
	err := sess.Query("SELECT comment FROM system_schema.tables WHERE keyspace_name = ? AND table_name = ?",
		c.settings.Keyspace, name).WithContext(ctx).Consistency(gocql.One).Scan(&comment)
	if errors.Is(err, gocql.ErrNotFound) {
		return nil, errNoTable
	}
	if err != nil {
		return nil, storeError(c.name, "reading the schema of view "+view, err)
	}
	tc, ok := parseComment(comment)
	if !ok || tc.Project != project || tc.View != view {
		return nil, errNoTable
	}
	info, err := c.infoOf(name, tc)
	if err != nil {
		return nil, fmt.Errorf("%s: table %s: %w", c.name, name, err)
	}
	return info, nil
}

// parseComment decodes a table comment written by this store.
func parseComment(s string) (tableComment, bool) {
	var tc tableComment
	if len(s) > maxCommentSize || json.Unmarshal([]byte(s), &tc) != nil || tc.Quiver != 1 {
		return tc, false
	}
	return tc, true
}

// infoOf builds a tableInfo from a table's comment.
func (c *conn) infoOf(name string, tc tableComment) (*tableInfo, error) {
	info := &tableInfo{name: name, qualName: quoteIdent(c.settings.Keyspace) + "." + quoteIdent(name),
		project: tc.Project, view: tc.View, features: make(map[string]featureInfo, len(tc.Features))}
	for _, f := range tc.JoinKeys {
		t, err := types.ParseValueType(f.Type)
		if err != nil {
			return nil, err
		}
		info.joinKeys = append(info.joinKeys, types.Field{Name: f.Name, Type: t})
	}
	for _, f := range tc.Features {
		t, err := types.ParseValueType(f.Type)
		if err != nil {
			return nil, err
		}
		fi := featureInfo{field: types.Field{Name: f.Name, Type: t}, index: f.Index}
		if f.Dimension > 0 {
			fi.field.Vector = &types.VectorSpec{Dimension: f.Dimension, Metric: parseMetric(f.Metric)}
		}
		info.features[f.Name] = fi
		info.vectorIndexed = info.vectorIndexed || fi.index == indexSAI
	}
	return info, nil
}

// commentOf renders the comment of a view's table.
func commentOf(project string, v types.FeatureViewSpec, index func(types.Field) string) string {
	tc := tableComment{Quiver: 1, Project: project, View: v.Name}
	for _, k := range v.JoinKeys {
		tc.JoinKeys = append(tc.JoinKeys, commentField{Name: k.Name, Type: k.Type.String()})
	}
	for _, f := range v.Features {
		cf := commentField{Name: f.Name, Type: f.Type.String()}
		if f.Vector != nil {
			cf.Dimension, cf.Metric, cf.Index = f.Vector.Dimension, f.Vector.Metric.String(), index(f)
		}
		tc.Features = append(tc.Features, cf)
	}
	b, _ := json.Marshal(tc)
	return string(b)
}

// parseMetric is the inverse of types.DistanceMetric.String.
func parseMetric(s string) types.DistanceMetric {
	for _, m := range []types.DistanceMetric{types.MetricL2, types.MetricCosine, types.MetricInnerProduct} {
		if m.String() == s {
			return m
		}
	}
	return types.MetricUnspecified
}
