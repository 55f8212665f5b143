package redisstore

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/quiverfs/quiver/sdk/redact"
	"github.com/quiverfs/quiver/sdk/storeconfig"
	"github.com/quiverfs/quiver/sdk/storeerr"
)

// The connection modes.
const (
	ModeStandalone = "standalone"
	ModeCluster    = "cluster"
	ModeSentinel   = "sentinel"
)

// Settings are the keys of the online_store block of quiver.yaml (type:
// redis). Every key is optional. Passwords arrive already expanded from
// ${ENV} references by the host and are never logged or put in messages.
type Settings struct {
	// Addresses are host:port pairs: the server (standalone), seed nodes
	// (cluster) or sentinels (sentinel). Default ["localhost:6379"].
	Addresses []string `json:"addresses"`
	// Address is a single host:port, the same as a one-element Addresses.
	Address string `json:"address"`
	// ConnectionString is Feast's form, "host:port[,host:port],ssl=true,password=...,db=0,username=...".
	ConnectionString string `json:"connection_string"`
	// Mode is standalone (default), cluster or sentinel.
	Mode string `json:"mode"`
	// RedisType is Feast's name for Mode: redis, redis_cluster or redis_sentinel.
	RedisType string `json:"redis_type"`
	// SentinelMaster names the master set; required in sentinel mode.
	SentinelMaster   string `json:"sentinel_master"`
	SentinelUsername string `json:"sentinel_username"`
	SentinelPassword string `json:"sentinel_password"`
	Username         string `json:"username"`
	Password         string `json:"password"`
	// DB selects the database; standalone and sentinel only. Default 0.
	DB int `json:"db"`
	// TLS turns on TLS; the others tune it.
	TLS                   bool   `json:"tls"`
	TLSCAFile             string `json:"tls_ca_file"`
	TLSServerName         string `json:"tls_server_name"`
	TLSInsecureSkipVerify bool   `json:"tls_insecure_skip_verify"`
	// KeyTTLSeconds expires each entity's hash this long after its last
	// write, like Feast's key_ttl_seconds. 0 (default): never.
	KeyTTLSeconds int64 `json:"key_ttl_seconds"`
	// PoolSize is the connections per node. Default: go-redis's (10 per CPU).
	PoolSize     int `json:"pool_size"`
	MinIdleConns int `json:"min_idle_conns"`
	// Timeouts: Go durations ("500ms") or seconds as numbers. Defaults 1s.
	DialTimeout  Duration `json:"dial_timeout"`
	ReadTimeout  Duration `json:"read_timeout"`
	WriteTimeout Duration `json:"write_timeout"`
	// MaxRetries of a failed command on a fresh connection. Default 1; -1: none.
	MaxRetries int `json:"max_retries"`
	// WriteChunkRows bounds the rows of one pipelined write round trip. Default 2000.
	WriteChunkRows int `json:"write_chunk_rows"`
}

// Duration is a time.Duration read from a Go duration string or a number
// of seconds (sdk/storeconfig).
type Duration = storeconfig.Duration

// defaultTimeout applies to dial, read and write when unset.
const defaultTimeout = Duration(time.Second)

// ParseSettings decodes and checks a config block. Errors are InvalidArgument
// and name the key; they never echo a password.
func ParseSettings(raw json.RawMessage) (Settings, error) {
	var s Settings
	if err := storeconfig.Decode(raw, &s); err != nil {
		return s, storeerr.InvalidArgument("redis online store config: %s", err)
	}
	if err := s.normalize(); err != nil {
		return s, storeerr.InvalidArgument("redis online store config: %s", redact.Error(err))
	}
	return s, nil
}

// normalize folds the alternative spellings together, fills defaults and checks values.
func (s *Settings) normalize() error {
	if s.ConnectionString != "" {
		if err := s.applyConnectionString(s.ConnectionString); err != nil {
			return err
		}
	}
	if s.Address != "" {
		s.Addresses = append([]string{s.Address}, s.Addresses...)
	}
	if len(s.Addresses) == 0 {
		s.Addresses = []string{"localhost:6379"}
	}
	for i, a := range s.Addresses {
		if !isHostPort(a) {
			// Not echoed: a misplaced URL or option may hold a password.
			return fmt.Errorf("address %d is not host:port (a host and a port from 1 to 65535; no URL, no credentials)", i+1)
		}
	}
	if err := s.normalizeMode(); err != nil {
		return err
	}
	for _, d := range []*Duration{&s.DialTimeout, &s.ReadTimeout, &s.WriteTimeout} {
		if *d < 0 {
			return fmt.Errorf("timeouts must not be negative")
		}
		if *d == 0 {
			*d = defaultTimeout
		}
	}
	switch {
	case s.KeyTTLSeconds < 0:
		return fmt.Errorf("key_ttl_seconds must not be negative, got %d", s.KeyTTLSeconds)
	case s.PoolSize < 0 || s.MinIdleConns < 0:
		return fmt.Errorf("pool_size and min_idle_conns must not be negative")
	case s.DB < 0:
		return fmt.Errorf("db must not be negative, got %d", s.DB)
	case s.WriteChunkRows < 0:
		return fmt.Errorf("write_chunk_rows must not be negative")
	}
	if s.MaxRetries == 0 {
		s.MaxRetries = 1
	}
	if s.WriteChunkRows == 0 {
		s.WriteChunkRows = 2000
	}
	return nil
}

// normalizeMode reconciles mode and Feast's redis_type and checks the mode's needs.
func (s *Settings) normalizeMode() error {
	feastModes := map[string]string{"redis": ModeStandalone, "redis_cluster": ModeCluster, "redis_sentinel": ModeSentinel}
	if s.RedisType != "" {
		m, ok := feastModes[s.RedisType]
		if !ok {
			return fmt.Errorf("redis_type %q is not redis, redis_cluster or redis_sentinel", s.RedisType)
		}
		if s.Mode != "" && s.Mode != m {
			return fmt.Errorf("mode %q contradicts redis_type %q", s.Mode, s.RedisType)
		}
		s.Mode = m
	}
	if s.Mode == "" {
		s.Mode = ModeStandalone
	}
	if !slices.Contains([]string{ModeStandalone, ModeCluster, ModeSentinel}, s.Mode) {
		return fmt.Errorf("mode %q is not standalone, cluster or sentinel", s.Mode)
	}
	if s.Mode == ModeSentinel && s.SentinelMaster == "" {
		return fmt.Errorf("mode sentinel needs sentinel_master")
	}
	if s.Mode == ModeCluster && s.DB != 0 {
		return fmt.Errorf("db must be 0 in cluster mode")
	}
	return nil
}

// Describe names the store for messages and logs: mode and addresses, never credentials.
func (s Settings) Describe() string {
	d := "redis " + strings.Join(s.Addresses, ",")
	if s.Mode != ModeStandalone {
		d += " (" + s.Mode + ")"
	}
	return d
}
