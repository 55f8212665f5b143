package redisstore

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// quietOnce silences go-redis's own log lines (dial failures already come
// back as errors naming the store).
var quietOnce sync.Once

type quietLogger struct{}

func (quietLogger) Printf(context.Context, string, ...any) {}

// newClient builds the go-redis client for the settings' mode. It does not
// connect; connections are made on first use and remade after failures.
func newClient(s Settings) (redis.UniversalClient, error) {
	quietOnce.Do(func() { redis.SetLogger(quietLogger{}) })
	tlsConfig, err := s.tlsConfig()
	if err != nil {
		return nil, err
	}
	opts := &redis.UniversalOptions{
		Addrs:                 s.Addresses,
		Username:              s.Username,
		Password:              s.Password,
		DB:                    s.DB,
		TLSConfig:             tlsConfig,
		PoolSize:              s.PoolSize,
		MinIdleConns:          s.MinIdleConns,
		DialTimeout:           time.Duration(s.DialTimeout),
		ReadTimeout:           time.Duration(s.ReadTimeout),
		WriteTimeout:          time.Duration(s.WriteTimeout),
		PoolTimeout:           time.Duration(s.DialTimeout + s.ReadTimeout),
		ContextTimeoutEnabled: true,
		MaxRetries:            s.MaxRetries,
		DialerRetries:         1,
		DialerRetryTimeout:    10 * time.Millisecond,
		MinRetryBackoff:       5 * time.Millisecond,
		MaxRetryBackoff:       50 * time.Millisecond,
		Protocol:              2,
		DisableIdentity:       true,
	}
	switch s.Mode {
	case ModeCluster:
		return redis.NewClusterClient(opts.Cluster()), nil
	case ModeSentinel:
		opts.MasterName = s.SentinelMaster
		opts.SentinelUsername = s.SentinelUsername
		opts.SentinelPassword = s.SentinelPassword
		return redis.NewFailoverClient(opts.Failover()), nil
	}
	return redis.NewClient(opts.Simple()), nil
}

// tlsConfig returns the TLS settings, or nil when TLS is off.
func (s Settings) tlsConfig() (*tls.Config, error) {
	if !s.TLS && s.TLSCAFile == "" && s.TLSServerName == "" && !s.TLSInsecureSkipVerify {
		return nil, nil
	}
	c := &tls.Config{MinVersion: tls.VersionTLS12, ServerName: s.TLSServerName,
		InsecureSkipVerify: s.TLSInsecureSkipVerify} //nolint:gosec // the user asked for it
	if s.TLSCAFile != "" {
		pem, err := os.ReadFile(s.TLSCAFile)
		if err != nil {
			return nil, fmt.Errorf("tls_ca_file: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("tls_ca_file %s holds no PEM certificate", s.TLSCAFile)
		}
		c.RootCAs = pool
	}
	return c, nil
}
