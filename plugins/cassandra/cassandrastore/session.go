package cassandrastore

import (
	"context"
	"crypto/tls"
	"path/filepath"
	"sync"
	"time"

	gocql "github.com/apache/cassandra-gocql-driver/v2"
	"github.com/hashicorp/go-hclog"

	"github.com/quiverfs/quiver/sdk/storeerr"
)

// conn is one configured cluster; Configure swaps it whole. Its session
// is opened on first use and again after a failed attempt, so a store
// configured while the cluster was down starts working when it comes back.
type conn struct {
	settings Settings
	cluster  func() *gocql.ClusterConfig // a new one per session: the routing policy cannot be shared
	name     string                      // for messages: "cassandra online store (cassandra host keyspace ks)"
	readCL   gocql.Consistency
	writeCL  gocql.Consistency
	tables   *tableCache

	slotsMu     sync.Mutex
	vectorSlots map[string]chan struct{} // per table with an SAI vector index: its write slots

	mu     sync.Mutex
	sess   *gocql.Session
	closed bool
}

func newConn(st Settings, cluster func() *gocql.ClusterConfig) *conn {
	return &conn{settings: st, cluster: cluster, name: "cassandra online store (" + st.Describe() + ")",
		readCL: gocql.ParseConsistency(st.ReadConsistency), writeCL: gocql.ParseConsistency(st.WriteConsistency),
		tables: newTableCache(), vectorSlots: map[string]chan struct{}{}}
}

// clusterConfig builds the driver's configuration from the settings;
// relative TLS file paths are resolved against repoDir.
func clusterConfig(st Settings, repoDir string, logger hclog.Logger) *gocql.ClusterConfig {
	cl := gocql.NewCluster(st.Hosts...)
	cl.Port = st.Port
	cl.ProtoVersion = st.ProtocolVersion
	cl.ConnectTimeout = time.Duration(st.ConnectTimeout)
	cl.Timeout = time.Duration(st.RequestTimeout)
	cl.WriteTimeout = time.Duration(st.RequestTimeout)
	cl.MaxWaitSchemaAgreement = time.Duration(st.SchemaTimeout)
	cl.NumConns = st.NumConns
	cl.ReconnectInterval = 2 * time.Second
	cl.ReconnectionPolicy = &gocql.ConstantReconnectionPolicy{MaxRetries: 3, Interval: 500 * time.Millisecond}
	cl.Consistency = gocql.ParseConsistency(st.ReadConsistency)
	cl.DefaultIdempotence = true
	cl.Logger = driverLogger{logger.Named("cassandra-driver")}
	var fallback gocql.HostSelectionPolicy = gocql.RoundRobinHostPolicy()
	if st.LocalDC != "" {
		fallback = gocql.DCAwareRoundRobinPolicy(st.LocalDC)
	}
	cl.PoolConfig.HostSelectionPolicy = fallback
	if *st.TokenAware {
		cl.PoolConfig.HostSelectionPolicy = gocql.TokenAwareHostPolicy(fallback, gocql.ShuffleReplicas())
	}
	if st.Username != "" {
		cl.Authenticator = gocql.PasswordAuthenticator{Username: st.Username, Password: st.Password}
	}
	if t := st.TLS; t != nil && t.Enabled {
		abs := func(p string) string {
			if p != "" && !filepath.IsAbs(p) && repoDir != "" {
				return filepath.Join(repoDir, p)
			}
			return p
		}
		cl.SslOpts = &gocql.SslOptions{
			Config:                 &tls.Config{ServerName: t.ServerName, InsecureSkipVerify: t.InsecureSkipVerify, MinVersion: tls.VersionTLS12},
			CaPath:                 abs(t.CAFile),
			CertPath:               abs(t.CertFile),
			KeyPath:                abs(t.KeyFile),
			EnableHostVerification: !t.InsecureSkipVerify,
		}
	}
	return cl
}

// session returns the open session, opening it (and creating the keyspace
// if absent) when there is none.
func (c *conn) session(ctx context.Context) (*gocql.Session, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil, storeerr.Unavailable("%s is closed", c.name)
	}
	if c.sess != nil {
		return c.sess, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, storeError(c.name, "connecting", err)
	}
	sess, err := c.cluster().CreateSession()
	if err != nil {
		return nil, storeError(c.name, "connecting", err)
	}
	q := sess.Query("CREATE KEYSPACE IF NOT EXISTS " + quoteIdent(c.settings.Keyspace) +
		" WITH replication = " + c.settings.replicationCQL()).WithContext(ctx)
	if err := q.Exec(); err != nil {
		sess.Close()
		return nil, storeError(c.name, "creating keyspace "+c.settings.Keyspace, err)
	}
	c.sess = sess
	return sess, nil
}

// ping asks the coordinator for its release version.
func (c *conn) ping(ctx context.Context) error {
	sess, err := c.session(ctx)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, time.Duration(c.settings.RequestTimeout))
	defer cancel()
	var version string
	if err := sess.Query("SELECT release_version FROM system.local").WithContext(ctx).Scan(&version); err != nil {
		return storeError(c.name, "health check", err)
	}
	return nil
}

// close closes the session; later calls are Unavailable.
func (c *conn) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	if c.sess != nil {
		c.sess.Close()
		c.sess = nil
	}
}

// driverLogger sends the driver's warnings and errors to hclog; its info
// and debug lines are dropped.
type driverLogger struct{ l hclog.Logger }

func (d driverLogger) Error(msg string, fields ...gocql.LogField) { d.l.Error(msg, logArgs(fields)...) }
func (d driverLogger) Warning(msg string, fields ...gocql.LogField) {
	d.l.Warn(msg, logArgs(fields)...)
}
func (d driverLogger) Info(string, ...gocql.LogField)  {}
func (d driverLogger) Debug(string, ...gocql.LogField) {}

func logArgs(fields []gocql.LogField) []any {
	out := make([]any, 0, 2*len(fields))
	for _, f := range fields {
		out = append(out, f.Name, f.Value.String())
	}
	return out
}
