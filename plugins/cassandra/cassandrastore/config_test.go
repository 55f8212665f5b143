package cassandrastore

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/quiverfs/quiver/sdk/storeerr"
)

func TestParseSettingsDefaults(t *testing.T) {
	s, err := ParseSettings(nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Keyspace != "quiver" || s.Port != 9042 || len(s.Hosts) != 1 || s.ReadConsistency != "LOCAL_ONE" ||
		s.WriteConsistency != "LOCAL_QUORUM" || !*s.TokenAware || s.ProtocolVersion != 5 || s.VectorWriteConcurrency != 2 ||
		*s.GCGraceSeconds != 86400 {
		t.Errorf("defaults: %+v", s)
	}
	if got := s.replicationCQL(); got != "{'class': 'SimpleStrategy', 'replication_factor': '1'}" {
		t.Errorf("replication %s", got)
	}
}

func TestParseSettingsTakesFeastSpellings(t *testing.T) {
	s, err := ParseSettings(json.RawMessage(`{"hosts": ["a.example", "10.0.0.2:9043"], "load_balancing": {"local_dc": "dc2",
		"load_balancing_policy": "TokenAwarePolicy(DCAwareRoundRobinPolicy)"}, "request_timeout": 3, "read_consistency": "quorum"}`))
	if err != nil {
		t.Fatal(err)
	}
	if s.LocalDC != "dc2" || s.RequestTimeout != Duration(3e9) || s.ReadConsistency != "QUORUM" {
		t.Errorf("%+v", s)
	}
}

// TestParseSettingsRefusesBadValues checks each refusal names the key and
// never echoes the password.
func TestParseSettingsRefusesBadValues(t *testing.T) {
	for _, tc := range []struct{ cfg, want string }{
		{`{"keyspace": "Bad Name"}`, "keyspace"},
		{`{"keyspace": "a_keyspace_name_that_is_longer_than_forty_eight_chars"}`, "keyspace"},
		{`{"port": 70000}`, "port"},
		{`{"hosts": ["cassandra://user:s3cret@host"]}`, "hosts[0]"},
		{`{"read_consistency": "SOMETIMES"}`, "read_consistency"},
		{`{"write_consistency": "SERIAL"}`, "write_consistency"},
		{`{"key_ttl_seconds": -1}`, "key_ttl_seconds"},
		{`{"read_concurrency": 100000}`, "read_concurrency"},
		{`{"protocol_version": 3}`, "protocol_version"},
		{`{"replication": {"class": "SimpleStrategy", "replication_factor": "1'; DROP"}}`, "replication"},
		{`{"replication": {"replication_factor": 3}}`, "class"},
		{`{"username": "u"}`, "password"},
		{`{"password": "s3cret", "passwrd": 1}`, "passwrd"},
		{`{"connect_timeout": "soon"}`, "duration"},
		{`{"local_dc": "a", "load_balancing": {"local_dc": "b"}}`, "contradicts"},
	} {
		_, err := ParseSettings(json.RawMessage(tc.cfg))
		if !errors.Is(err, storeerr.ErrInvalidArgument) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want InvalidArgument naming %q", tc.cfg, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "s3cret") {
			t.Errorf("%s: error echoes the password: %v", tc.cfg, err)
		}
	}
}

func TestTableNamesAreUniqueAndValid(t *testing.T) {
	seen := map[string]string{}
	for _, pv := range [][2]string{{"a_b", "c"}, {"a", "b_c"}, {"A", "b_c"}, {"demo", "driver_hourly_stats"},
		{strings.Repeat("p", 100), "v"}, {strings.Repeat("p", 100), "w"}, {"1x", "ünïcode view"}} {
		n := tableName(pv[0], pv[1])
		if !identifierRE.MatchString(n) {
			t.Errorf("%v: table name %q is not a CQL identifier of at most 48 characters", pv, n)
		}
		if other, ok := seen[n]; ok {
			t.Errorf("%v and %s share table %s", pv, other, n)
		}
		seen[n] = pv[0] + "/" + pv[1]
		if idx := indexName(n, "col"); len(idx) > maxTableName {
			t.Errorf("index name %q is too long", idx)
		}
	}
	if got := tableName("demo", "driver_hourly_stats"); !strings.HasPrefix(got, "demo_driver_hourly_stats_") {
		t.Errorf("table name %q is not readable", got)
	}
}
