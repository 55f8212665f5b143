package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	gocql "github.com/apache/cassandra-gocql-driver/v2"

	"github.com/quiverfs/quiver/plugins/cassandra/cassandrastore"
	"github.com/quiverfs/quiver/sdk/codec"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

type floorOptions struct {
	addr, keyspace, project, view string
	drivers, requests             int
}

// floor reads 1 and 100 random drivers of every feature, requests times
// each: through cassandrastore in process (the store without the host and
// the plugin hop), and as the store's statements made straight through the
// driver without decoding (the floor).
func floor(ctx context.Context, o floorOptions) error {
	cl := gocql.NewCluster(o.addr)
	cl.ProtoVersion = 5
	cl.Timeout = 10 * time.Second
	cl.PoolConfig.HostSelectionPolicy = gocql.TokenAwareHostPolicy(gocql.RoundRobinHostPolicy())
	sess, err := cl.CreateSession()
	if err != nil {
		return err
	}
	defer sess.Close()
	table, features, err := findTable(ctx, sess, o)
	if err != nil {
		return err
	}
	st := cassandrastore.New(nil)
	cfg, _ := json.Marshal(map[string]any{"hosts": []string{o.addr}, "keyspace": o.keyspace, "request_timeout": "10s"})
	if _, err := st.Configure(ctx, &onlinestore.ConfigureRequest{Project: o.project, Config: cfg}); err != nil {
		return err
	}
	defer st.Close()
	key := func() types.EntityKey {
		return types.EntityKey{{JoinKey: "driver_id", Value: types.Int64Value(1001 + rand.Int64N(int64(o.drivers)))}}
	}
	cols := make([]string, len(features))
	for i, f := range features {
		cols[i] = `"` + f + `"`
	}
	stmt := "SELECT " + strings.Join(cols, ", ") + ", quiver_event_ts, quiver_created_ts FROM \"" + o.keyspace + "\".\"" + table +
		"\" WHERE quiver_key = ? LIMIT 1"
	inStmt := strings.Replace(strings.Replace(stmt, "quiver_key = ? LIMIT 1", "quiver_key IN ? PER PARTITION LIMIT 1", 1), "SELECT ", "SELECT ", 1)
	var rows []row
	for _, n := range []int{1, 100} {
		var viaStore, viaDriver, viaIn []time.Duration
		for range o.requests {
			keys := make([]types.EntityKey, n)
			for i := range keys {
				keys[i] = key()
			}
			start := time.Now()
			resp, err := st.Read(ctx, &onlinestore.ReadRequest{Project: o.project,
				Views: []onlinestore.ReadView{{FeatureView: o.view, Features: features, EntityKeys: keys}}})
			if err != nil {
				return err
			}
			viaStore = append(viaStore, time.Since(start))
			if !resp.Views[0][0].Found {
				return fmt.Errorf("driver %s not found: run quiver-bench cassandra-http first", keys[0])
			}
			start = time.Now()
			if err := driverRead(ctx, sess, stmt, keys, len(features)+2); err != nil {
				return err
			}
			viaDriver = append(viaDriver, time.Since(start))
			start = time.Now()
			if err := inRead(ctx, sess, inStmt, keys, len(features)+2); err != nil {
				return err
			}
			viaIn = append(viaIn, time.Since(start))
		}
		rows = append(rows,
			row{fmt.Sprintf("store %dx%d: cassandrastore.Read in process", n, len(features)), viaStore},
			row{fmt.Sprintf("floor %dx%d: the driver, one prepared SELECT per key, concurrent, in process", n, len(features)+2), viaDriver},
			row{fmt.Sprintf("the driver, one SELECT ... IN (%d keys) PER PARTITION LIMIT 1, in process", n), viaIn})
	}
	fmt.Printf("Reads of %d drivers x %d features of table %s, %d each, in process on %s; %s\n\n", o.drivers, len(features), table,
		o.requests, o.addr, machine())
	printRows(rows)
	return nil
}

// driverRead runs the store's statement for every key at once, scanning raw bytes.
func driverRead(ctx context.Context, sess *gocql.Session, stmt string, keys []types.EntityKey, ncols int) error {
	var wg sync.WaitGroup
	errs := make([]error, len(keys))
	for i, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			dest := make([]any, ncols)
			for j := range dest {
				dest[j] = new(rawCell)
			}
			errs[i] = sess.Query(stmt, codec.EncodeEntityKey(k)).WithContext(ctx).Consistency(gocql.LocalOne).Scan(dest...)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// inRead reads every key with one IN query.
func inRead(ctx context.Context, sess *gocql.Session, stmt string, keys []types.EntityKey, ncols int) error {
	enc := make([][]byte, len(keys))
	for i, k := range keys {
		enc[i] = codec.EncodeEntityKey(k)
	}
	iter := sess.Query(stmt, enc).WithContext(ctx).Consistency(gocql.LocalOne).Iter()
	dest := make([]any, ncols)
	for j := range dest {
		dest[j] = new(rawCell)
	}
	for iter.Scan(dest...) {
	}
	return iter.Close()
}

// findTable finds the table of (project, view) by its comment, and the
// names of its scalar features.
func findTable(ctx context.Context, sess *gocql.Session, o floorOptions) (string, []string, error) {
	iter := sess.Query("SELECT table_name, comment FROM system_schema.tables WHERE keyspace_name = ?", o.keyspace).WithContext(ctx).Iter()
	var name, comment string
	for iter.Scan(&name, &comment) {
		var c struct {
			Project  string `json:"project"`
			View     string `json:"view"`
			Features []struct {
				Name      string `json:"name"`
				Dimension int    `json:"dimension"`
			} `json:"features"`
		}
		if json.Unmarshal([]byte(comment), &c) != nil || c.Project != o.project || c.View != o.view {
			continue
		}
		var features []string
		for _, f := range c.Features {
			if f.Dimension == 0 {
				features = append(features, f.Name)
			}
		}
		_ = iter.Close()
		return name, features, nil
	}
	if err := iter.Close(); err != nil {
		return "", nil, err
	}
	return "", nil, fmt.Errorf("no table of project %s view %s in keyspace %s: run quiver-bench cassandra-http first", o.project, o.view, o.keyspace)
}

// rawCell takes a column's bytes without decoding them.
type rawCell struct{ n int }

func (c *rawCell) UnmarshalCQL(_ gocql.TypeInfo, data []byte) error { c.n = len(data); return nil }
