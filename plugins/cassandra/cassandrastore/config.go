package cassandrastore

import (
	"encoding/json"
	"fmt"
	"net"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	gocql "github.com/apache/cassandra-gocql-driver/v2"

	"github.com/quiverfs/quiver/sdk/redact"
	"github.com/quiverfs/quiver/sdk/storeconfig"
	"github.com/quiverfs/quiver/sdk/storeerr"
)

// Settings are the keys of the online_store block of quiver.yaml (type:
// cassandra). Every key is optional; Feast's spellings are accepted where
// Feast's Cassandra store has the setting. Passwords arrive already expanded
// from ${ENV} references by the host and are never logged or put in messages.
type Settings struct {
	// Hosts are the contact points, "host" or "host:port". Default ["127.0.0.1"].
	Hosts []string `json:"hosts"`
	// Port is the CQL port of hosts without one. Default 9042.
	Port int `json:"port"`
	// Keyspace holds the tables; created when absent with Replication.
	// Default "quiver".
	Keyspace string `json:"keyspace"`
	// Replication is the keyspace's replication map, used only when the
	// keyspace is created, e.g. {"class": "NetworkTopologyStrategy", "dc1": 3}.
	// Default {"class": "SimpleStrategy", "replication_factor": 1}.
	Replication map[string]any `json:"replication"`
	// Username and Password turn on password authentication.
	Username string `json:"username"`
	Password string `json:"password"`
	// TLS turns on TLS to every node.
	TLS *TLSSettings `json:"tls"`
	// LocalDC makes routing DC-aware: queries go to nodes of this
	// datacenter, others only as a fallback. Feast's load_balancing.local_dc
	// is the same.
	LocalDC       string         `json:"local_dc"`
	LoadBalancing *LoadBalancing `json:"load_balancing"`
	// TokenAware routes each statement to a replica of its partition.
	// Default true.
	TokenAware *bool `json:"token_aware"`
	// ReadConsistency and WriteConsistency are CQL consistency levels
	// (ONE, LOCAL_ONE, QUORUM, LOCAL_QUORUM, ALL, ...). Defaults LOCAL_ONE
	// and LOCAL_QUORUM.
	ReadConsistency  string `json:"read_consistency"`
	WriteConsistency string `json:"write_consistency"`
	// ConnectTimeout bounds dialing a node; RequestTimeout bounds one
	// statement; SchemaTimeout bounds one schema change and the wait for
	// schema agreement. Go durations ("500ms") or seconds as numbers.
	// Defaults 2s, 5s and 60s. Feast's request_timeout (seconds) is
	// RequestTimeout.
	ConnectTimeout Duration `json:"connect_timeout"`
	RequestTimeout Duration `json:"request_timeout"`
	SchemaTimeout  Duration `json:"schema_timeout"`
	// KeyTTLSeconds expires each stored row this long after its write
	// (USING TTL), like Feast's key_ttl_seconds. 0 (default): never.
	KeyTTLSeconds int64 `json:"key_ttl_seconds"`
	// ReadConcurrency bounds the statements one Read runs at once;
	// WriteConcurrency those one WriteBatch runs at once. Defaults 64 and
	// 32 (more only queues writes on the nodes, which then time them out).
	ReadConcurrency  int `json:"read_concurrency"`
	WriteConcurrency int `json:"write_concurrency"`
	// WriteBatchRows is how many rows (of distinct keys) one unlogged batch
	// carries at most; batches also stay under 24 KiB. Default 16: it
	// halves the round trips' cost (materializing 300,000 x 50 took 56 s
	// with 1, 29 s with 16, here). A batch's rows go through one
	// coordinator, routed by its first key; 1 sends every partition
	// straight to a replica, the better choice on large clusters. Tables
	// with an SAI vector index always use 1.
	WriteBatchRows int `json:"write_batch_rows"`
	// VectorWriteConcurrency bounds the writes one process has in flight to
	// a table with an SAI vector index. Default 2: Cassandra 5.0 fails
	// vector index writes that arrive together beyond a small limit (about
	// the node's cores + 1); such failures are also retried.
	VectorWriteConcurrency int `json:"vector_write_concurrency"`
	// ANNCandidates is how many rows an SAI vector search asks the index
	// for (at least 4 x top_k, at most 1,000); the store re-ranks them by
	// exact distance and keeps top_k. More: better recall, slower. Default 100.
	ANNCandidates int `json:"ann_candidates"`
	// NumConns is the connections per node. Default 2.
	NumConns int `json:"num_conns"`
	// ProtocolVersion is the native protocol version; 4 or 5. Default 5
	// (vector columns need Cassandra 5).
	ProtocolVersion int `json:"protocol_version"`
	// GCGraceSeconds is gc_grace_seconds of the tables this store creates:
	// how long superseded rows' tombstones stay before compaction purges
	// them. Default 86400 (see docs/cassandra.md for why a day is safe here).
	GCGraceSeconds *int64 `json:"gc_grace_seconds"`
}

// TLSSettings configure TLS to the nodes.
type TLSSettings struct {
	Enabled            bool   `json:"enabled"`
	CAFile             string `json:"ca_file"`
	CertFile           string `json:"cert_file"`
	KeyFile            string `json:"key_file"`
	ServerName         string `json:"server_name"`
	InsecureSkipVerify bool   `json:"insecure_skip_verify"`
}

// LoadBalancing is Feast's spelling of the routing settings.
type LoadBalancing struct {
	LocalDC             string `json:"local_dc"`
	LoadBalancingPolicy string `json:"load_balancing_policy"`
}

// Duration is a time.Duration read from a Go duration string or a number
// of seconds (sdk/storeconfig).
type Duration = storeconfig.Duration

// Limits of the settings.
const (
	maxConcurrency = 1024
	maxNumConns    = 64
	maxBatchRows   = 100
	// maxKeyTTL is Cassandra's largest TTL (20 years).
	maxKeyTTL = 630720000
)

// identifierRE is an unquoted CQL identifier that Cassandra keeps as it is
// (lowercase; keyspace names are at most 48 characters).
var identifierRE = regexp.MustCompile(`^[a-z][a-z0-9_]{0,47}$`)

var (
	replicationKeyRE   = regexp.MustCompile(`^[A-Za-z0-9_.\-]{1,64}$`)
	replicationValueRE = regexp.MustCompile(`^[A-Za-z0-9_.]{1,128}$`)
	hostNameRE         = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9.\-]*[A-Za-z0-9])?$`)
)

// ParseSettings decodes and checks a config block. Errors are InvalidArgument
// and name the key; they never echo a password.
func ParseSettings(raw json.RawMessage) (Settings, error) {
	var s Settings
	if err := storeconfig.Decode(raw, &s); err != nil {
		return s, storeerr.InvalidArgument("cassandra online store config: %s", err)
	}
	if err := s.normalize(); err != nil {
		return s, storeerr.InvalidArgument("cassandra online store config: %s", redact.Error(err))
	}
	return s, nil
}

// normalize fills defaults and checks values.
func (s *Settings) normalize() error {
	if s.Port == 0 {
		s.Port = 9042
	}
	if s.Port < 1 || s.Port > 65535 {
		return fmt.Errorf("port must be from 1 to 65535, got %d", s.Port)
	}
	if len(s.Hosts) == 0 {
		s.Hosts = []string{"127.0.0.1"}
	}
	for i, h := range s.Hosts {
		if !validHost(h) {
			// Not echoed: a misplaced URL may hold a password.
			return fmt.Errorf("hosts[%d] is not a host or host:port (no URL, no credentials)", i)
		}
	}
	if s.Keyspace == "" {
		s.Keyspace = "quiver"
	}
	if !identifierRE.MatchString(s.Keyspace) {
		return fmt.Errorf("keyspace %q must be a lowercase CQL identifier of at most 48 characters (letters, digits, _)", s.Keyspace)
	}
	if err := s.normalizeReplication(); err != nil {
		return err
	}
	if s.LoadBalancing != nil {
		if s.LocalDC != "" && s.LoadBalancing.LocalDC != "" && s.LocalDC != s.LoadBalancing.LocalDC {
			return fmt.Errorf("local_dc %q contradicts load_balancing.local_dc %q", s.LocalDC, s.LoadBalancing.LocalDC)
		}
		if s.LocalDC == "" {
			s.LocalDC = s.LoadBalancing.LocalDC
		}
	}
	if s.TokenAware == nil {
		t := true
		s.TokenAware = &t
	}
	var err error
	if s.ReadConsistency, err = consistencyName("read_consistency", s.ReadConsistency, "LOCAL_ONE"); err != nil {
		return err
	}
	if s.WriteConsistency, err = consistencyName("write_consistency", s.WriteConsistency, "LOCAL_QUORUM"); err != nil {
		return err
	}
	for _, d := range []struct {
		v   *Duration
		def time.Duration
	}{{&s.ConnectTimeout, 2 * time.Second}, {&s.RequestTimeout, 5 * time.Second}, {&s.SchemaTimeout, 60 * time.Second}} {
		if *d.v < 0 {
			return fmt.Errorf("timeouts must not be negative")
		}
		if *d.v == 0 {
			*d.v = Duration(d.def)
		}
	}
	if s.KeyTTLSeconds < 0 || s.KeyTTLSeconds > maxKeyTTL {
		return fmt.Errorf("key_ttl_seconds must be from 0 to %d, got %d", maxKeyTTL, s.KeyTTLSeconds)
	}
	for _, c := range []struct {
		name string
		v    *int
		def  int
		max  int
	}{{"read_concurrency", &s.ReadConcurrency, 64, maxConcurrency}, {"write_concurrency", &s.WriteConcurrency, 32, maxConcurrency},
		{"vector_write_concurrency", &s.VectorWriteConcurrency, 2, maxConcurrency}, {"write_batch_rows", &s.WriteBatchRows, 16, maxBatchRows},
		{"ann_candidates", &s.ANNCandidates, 100, annLimitMax}, {"num_conns", &s.NumConns, 2, maxNumConns}} {
		if *c.v < 0 || *c.v > c.max {
			return fmt.Errorf("%s must be from 1 to %d, got %d", c.name, c.max, *c.v)
		}
		if *c.v == 0 {
			*c.v = c.def
		}
	}
	if s.ProtocolVersion == 0 {
		s.ProtocolVersion = 5
	}
	if s.ProtocolVersion != 4 && s.ProtocolVersion != 5 {
		return fmt.Errorf("protocol_version must be 4 or 5, got %d", s.ProtocolVersion)
	}
	if s.GCGraceSeconds == nil {
		d := int64(86400)
		s.GCGraceSeconds = &d
	}
	if *s.GCGraceSeconds < 0 || *s.GCGraceSeconds > maxKeyTTL {
		return fmt.Errorf("gc_grace_seconds must be from 0 to %d, got %d", maxKeyTTL, *s.GCGraceSeconds)
	}
	if s.TLS != nil && !s.TLS.Enabled && (s.TLS.CAFile != "" || s.TLS.CertFile != "" || s.TLS.KeyFile != "") {
		return fmt.Errorf("tls has files but enabled is false")
	}
	if s.TLS != nil && (s.TLS.CertFile == "") != (s.TLS.KeyFile == "") {
		return fmt.Errorf("tls.cert_file and tls.key_file go together")
	}
	if (s.Username == "") != (s.Password == "") {
		return fmt.Errorf("username and password go together")
	}
	return nil
}

// normalizeReplication checks the replication map and renders it as CQL.
func (s *Settings) normalizeReplication() error {
	if s.Replication == nil {
		s.Replication = map[string]any{"class": "SimpleStrategy", "replication_factor": float64(1)}
	}
	class, _ := s.Replication["class"].(string)
	if class == "" {
		return fmt.Errorf("replication needs a class (SimpleStrategy or NetworkTopologyStrategy)")
	}
	for k, v := range s.Replication {
		if !replicationKeyRE.MatchString(k) {
			return fmt.Errorf("replication key %q is not a name", k)
		}
		switch x := v.(type) {
		case string:
			if !replicationValueRE.MatchString(x) {
				return fmt.Errorf("replication %s must be a name or a number", k)
			}
		case float64:
			if x < 1 || x > 100 || x != float64(int(x)) {
				return fmt.Errorf("replication %s must be a whole number from 1 to 100", k)
			}
		default:
			return fmt.Errorf("replication %s must be a name or a number", k)
		}
	}
	return nil
}

// replicationCQL renders the replication map as a CQL map literal.
func (s Settings) replicationCQL() string {
	keys := make([]string, 0, len(s.Replication))
	for k := range s.Replication {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		var v string
		switch x := s.Replication[k].(type) {
		case string:
			v = x
		case float64:
			v = strconv.Itoa(int(x))
		case int:
			v = strconv.Itoa(x)
		}
		parts[i] = "'" + k + "': '" + v + "'"
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// validHost reports whether h is a host name or IP, optionally with a port.
func validHost(h string) bool {
	host := h
	if hh, port, err := net.SplitHostPort(h); err == nil {
		p, err := strconv.Atoi(port)
		if err != nil || p < 1 || p > 65535 {
			return false
		}
		host = hh
	}
	if host == "" || len(host) > 253 {
		return false
	}
	if net.ParseIP(host) != nil {
		return true
	}
	return hostNameRE.MatchString(host)
}

// consistencyName checks a consistency level name, returning def when empty.
func consistencyName(key, name, def string) (string, error) {
	if name == "" {
		return def, nil
	}
	up := strings.ToUpper(name)
	if _, err := gocql.ParseConsistencyWrapper(up); err != nil {
		return "", fmt.Errorf("%s %q is not a consistency level (ONE, LOCAL_ONE, QUORUM, LOCAL_QUORUM, ALL, ...)", key, name)
	}
	if up == "ANY" && key == "read_consistency" || strings.Contains(up, "SERIAL") {
		return "", fmt.Errorf("%s %s cannot be used here", key, up)
	}
	return up, nil
}

// Describe names the store for messages and logs: hosts and keyspace, never credentials.
func (s Settings) Describe() string {
	return "cassandra " + strings.Join(s.Hosts, ",") + " keyspace " + s.Keyspace
}
