package cassandrastore

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	gocql "github.com/apache/cassandra-gocql-driver/v2"

	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

// maxVectorDimension bounds a vector field (Cassandra allows more; SAI
// indexes are practical up to a few thousand).
const maxVectorDimension = 8192

// ApplyInfra implements onlinestore.Store. Every kept view is checked
// before anything changes. A deleted view's table is dropped (only if its
// comment names this project and view). A kept view's table is created, or
// brought up to date: new features become new columns, a removed feature's
// column stays (dropping and re-adding a column would hide rows written
// with older event timestamps), and a change Cassandra cannot make in place
// (a feature's type, the join keys, a vector's dimension) recreates the
// table, whose rows are then gone until written again. Vector fields get
// their SAI index (unless index_type is FLAT), and such views get SAI
// indexes on their scalar columns for filters.
func (s *Store) ApplyInfra(ctx context.Context, req *onlinestore.ApplyInfraRequest) (*onlinestore.ApplyInfraResponse, error) {
	for _, v := range req.ViewsToKeep {
		if err := checkView(v); err != nil {
			return nil, err
		}
	}
	c, sess, err := s.open(ctx)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, time.Duration(c.settings.SchemaTimeout))
	defer cancel()
	for _, v := range req.ViewsToDelete {
		if err := c.dropView(ctx, sess, req.Project, v.Name); err != nil {
			return nil, err
		}
	}
	for _, v := range req.ViewsToKeep {
		if err := c.ensureView(ctx, sess, req.Project, v); err != nil {
			return nil, err
		}
	}
	return &onlinestore.ApplyInfraResponse{}, nil
}

// Teardown implements onlinestore.Store: every table whose comment names
// the project is dropped; other projects' tables, and tables this store did
// not create, stay.
func (s *Store) Teardown(ctx context.Context, req *onlinestore.TeardownRequest) (*onlinestore.TeardownResponse, error) {
	c, sess, err := s.open(ctx)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, time.Duration(c.settings.SchemaTimeout))
	defer cancel()
	iter := sess.Query("SELECT table_name, comment FROM system_schema.tables WHERE keyspace_name = ?",
		c.settings.Keyspace).WithContext(ctx).Consistency(gocql.One).Iter()
	var name, comment string
	var drop []string
	for iter.Scan(&name, &comment) {
		if tc, ok := parseComment(comment); ok && tc.Project == req.Project && name == tableName(tc.Project, tc.View) {
			drop = append(drop, name)
			c.tables.forget(tc.Project, tc.View)
		}
	}
	if err := iter.Close(); err != nil {
		return nil, storeError(c.name, "listing the tables of project "+req.Project, err)
	}
	for _, t := range drop {
		if err := c.ddl(ctx, sess, "DROP TABLE IF EXISTS "+c.qual(t)); err != nil {
			return nil, storeError(c.name, "tearing down project "+req.Project, err)
		}
	}
	return &onlinestore.TeardownResponse{}, nil
}

// checkView refuses a view the store cannot hold, naming the field.
func checkView(v types.FeatureViewSpec) error {
	if v.Name == "" {
		return storeerr.InvalidArgument("feature view without a name")
	}
	seen := map[string]bool{}
	for _, f := range slices.Concat(v.JoinKeys, v.Features) {
		if reservedColumns[f.Name] {
			return storeerr.InvalidArgument("view %s: field name %q is reserved by the cassandra online store", v.Name, f.Name)
		}
		if f.Name == "" || seen[f.Name] {
			return storeerr.InvalidArgument("view %s: field name %q is empty or used twice", v.Name, f.Name)
		}
		seen[f.Name] = true
		if _, err := cqlType(f); err != nil {
			return storeerr.InvalidArgument("view %s: %s", v.Name, err)
		}
		if f.Vector == nil {
			continue
		}
		if f.Vector.Dimension < 1 || f.Vector.Dimension > maxVectorDimension {
			return storeerr.InvalidArgument("view %s: vector field %s has dimension %d, want 1..%d", v.Name, f.Name, f.Vector.Dimension, maxVectorDimension)
		}
		idx, err := vectorIndex(f)
		if err != nil {
			return storeerr.InvalidArgument("view %s: %s", v.Name, err)
		}
		if idx == indexSAI && f.Type != types.Float32List {
			return storeerr.InvalidArgument("view %s: vector field %s is %s; Cassandra's SAI index needs list<float32> (or use index_type FLAT)", v.Name, f.Name, f.Type)
		}
	}
	return nil
}

// vectorIndex returns the index a vector field asks for: FLAT by default
// (exact, and it keeps any float; SAI refuses some, see checkSAIVector).
func vectorIndex(f types.Field) (string, error) {
	switch strings.ToUpper(f.Vector.IndexType) {
	case indexSAI:
		return indexSAI, nil
	case "", indexFlat:
		return indexFlat, nil
	}
	return "", fmt.Errorf("vector field %s: index_type %q is not FLAT or SAI", f.Name, f.Vector.IndexType)
}

// mustVectorIndex is vectorIndex for a checked view.
func mustVectorIndex(f types.Field) string { idx, _ := vectorIndex(f); return idx }

// qual returns keyspace."table".
func (c *conn) qual(table string) string {
	return quoteIdent(c.settings.Keyspace) + "." + quoteIdent(table)
}

// dropView drops a view's table if it is this project's.
func (c *conn) dropView(ctx context.Context, sess *gocql.Session, project, view string) error {
	defer c.tables.forget(project, view)
	if _, err := c.loadTable(ctx, sess, project, view); errors.Is(err, errNoTable) {
		return nil
	} else if err != nil {
		return err
	}
	if err := c.ddl(ctx, sess, "DROP TABLE IF EXISTS "+c.qual(tableName(project, view))); err != nil {
		return storeError(c.name, "dropping the table of view "+view, err)
	}
	return nil
}

// ensureView creates or updates a view's table and its indexes.
func (c *conn) ensureView(ctx context.Context, sess *gocql.Session, project string, v types.FeatureViewSpec) error {
	defer c.tables.forget(project, v.Name)
	name := tableName(project, v.Name)
	have, err := c.columns(ctx, sess, name)
	if err != nil {
		return err
	}
	if len(have) > 0 {
		ok, err := c.compatible(ctx, sess, project, v, have)
		if err != nil {
			return err
		}
		if !ok {
			if err := c.ddl(ctx, sess, "DROP TABLE IF EXISTS "+c.qual(name)); err != nil {
				return storeError(c.name, "recreating the table of view "+v.Name, err)
			}
			have = nil
		}
	}
	comment := commentOf(project, v, mustVectorIndex)
	if len(have) == 0 {
		if err := c.ddl(ctx, sess, c.createTable(name, v, comment)); err != nil {
			return storeError(c.name, "creating the table of view "+v.Name, err)
		}
	} else {
		for _, f := range slices.Concat(v.JoinKeys, v.Features) {
			if _, ok := have[f.Name]; ok {
				continue
			}
			t, _ := cqlType(f)
			if err := c.ddl(ctx, sess, "ALTER TABLE "+c.qual(name)+" ADD IF NOT EXISTS "+quoteIdent(f.Name)+" "+t); err != nil {
				return storeError(c.name, "adding column "+f.Name+" to the table of view "+v.Name, err)
			}
		}
		if err := c.ddl(ctx, sess, "ALTER TABLE "+c.qual(name)+" WITH comment = "+cqlString(comment)); err != nil {
			return storeError(c.name, "updating the table of view "+v.Name, err)
		}
	}
	return c.ensureIndexes(ctx, sess, name, v)
}

// createTable renders the CREATE TABLE of a view.
func (c *conn) createTable(name string, v types.FeatureViewSpec, comment string) string {
	var b strings.Builder
	b.WriteString("CREATE TABLE IF NOT EXISTS " + c.qual(name) + " (" + colKey + " blob, " + colEvent + " bigint, " +
		colCreated + " bigint, " + colWriteID + " timeuuid")
	for _, f := range slices.Concat(v.JoinKeys, v.Features) {
		t, _ := cqlType(f)
		b.WriteString(", " + quoteIdent(f.Name) + " " + t)
	}
	fmt.Fprintf(&b, ", PRIMARY KEY ((%s), %s, %s, %s)) WITH CLUSTERING ORDER BY (%s DESC, %s DESC, %s DESC)",
		colKey, colEvent, colCreated, colWriteID, colEvent, colCreated, colWriteID)
	fmt.Fprintf(&b, " AND comment = %s AND gc_grace_seconds = %d", cqlString(comment), *c.settings.GCGraceSeconds)
	return b.String()
}

// columns returns the CQL types of a table's columns; empty when it does not exist.
func (c *conn) columns(ctx context.Context, sess *gocql.Session, table string) (map[string]string, error) {
	iter := sess.Query("SELECT column_name, type FROM system_schema.columns WHERE keyspace_name = ? AND table_name = ?",
		c.settings.Keyspace, table).WithContext(ctx).Consistency(gocql.One).Iter()
	out := map[string]string{}
	var col, typ string
	for iter.Scan(&col, &typ) {
		out[col] = typ
	}
	if err := iter.Close(); err != nil {
		return nil, storeError(c.name, "reading the columns of table "+table, err)
	}
	return out, nil
}

// compatible reports whether an existing table of this project's view
// can be updated in place to hold v: its key columns are this store's,
// the join keys are the same, and every field's column, if present, has
// the field's CQL type. A table of that name that is not this view's (its
// comment says otherwise) is InvalidArgument, and a failure to read the
// schema is returned: neither may lead to dropping the table.
func (c *conn) compatible(ctx context.Context, sess *gocql.Session, project string, v types.FeatureViewSpec, have map[string]string) (bool, error) {
	info, err := c.loadTable(ctx, sess, project, v.Name)
	if errors.Is(err, errNoTable) {
		return false, storeerr.InvalidArgument("%s: table %s exists and is not the table of view %s of project %s; it is left alone",
			c.name, tableName(project, v.Name), v.Name, project)
	}
	if err != nil {
		return false, err
	}
	if !slices.EqualFunc(info.joinKeys, v.JoinKeys, func(a, b types.Field) bool { return a.Name == b.Name && a.Type == b.Type }) {
		return false, nil
	}
	for col, t := range map[string]string{colKey: "blob", colEvent: "bigint", colCreated: "bigint", colWriteID: "timeuuid"} {
		if !sameCQLType(have[col], t) {
			return false, nil
		}
	}
	for _, f := range slices.Concat(v.JoinKeys, v.Features) {
		want, _ := cqlType(f)
		if got, ok := have[f.Name]; ok && !sameCQLType(got, want) {
			return false, nil
		}
		if old, ok := info.features[f.Name]; ok && old.field.Type != f.Type {
			return false, nil // int64 and timestamp share bigint
		}
	}
	return true, nil
}

// ddl runs a schema statement, retrying a timed-out attempt until ctx ends
// (every statement here is idempotent).
func (c *conn) ddl(ctx context.Context, sess *gocql.Session, stmt string) error {
	for {
		err := sess.Query(stmt).WithContext(ctx).Idempotent(true).Exec()
		if err == nil || !isTimeout(err) || ctx.Err() != nil {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// isTimeout reports whether err is a client or server timeout.
func isTimeout(err error) bool {
	var re gocql.RequestError
	if errors.As(err, &re) && (re.Code() == gocql.ErrCodeWriteTimeout || re.Code() == gocql.ErrCodeReadTimeout) {
		return true
	}
	return errors.Is(err, gocql.ErrTimeoutNoResponse)
}

// cqlString quotes a CQL string literal.
func cqlString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
