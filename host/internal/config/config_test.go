package config

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestParseExpandsEnvAndPassesPluginSettings(t *testing.T) {
	t.Setenv("REDIS_PASSWORD", "s3cret")
	cfg, err := Parse("/repo", "/repo/quiver.yaml", []byte(`
project: demo
registry: data/reg.db
provider: local
online_store:
  type: redis
  address: 127.0.0.1:6379
  password: ${REDIS_PASSWORD}
  pool_size: 8
feature_server:
  http_addr: 127.0.0.1:7000
`))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Project != "demo" || cfg.Registry.Path != filepath.Join("/repo", "data/reg.db") || cfg.OnlineStore.Type != "redis" {
		t.Errorf("cfg = %+v", cfg)
	}
	if got := string(cfg.OnlineStore.Settings); got != `{"address":"127.0.0.1:6379","password":"s3cret","pool_size":8}` {
		t.Errorf("settings = %s", got)
	}
	if cfg.OfflineStore.Type != "file" || cfg.Server.HTTPAddr != "127.0.0.1:7000" || cfg.Server.GRPCAddr != DefaultGRPCAddr {
		t.Errorf("defaults not applied: %+v", cfg)
	}
}

func TestParseReportsEveryProblemWithPosition(t *testing.T) {
	_, err := Parse("/repo", "quiver.yaml", []byte(`project: my-demo
online_store:
  address: x
  password: ${QUIVER_TEST_UNSET_VAR}
colour: blue
feature_server:
  max_body_bytes: lots
`))
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{
		`quiver.yaml:1:10: project "my-demo" may hold only letters`,
		`quiver.yaml:3:3: online_store needs a type`,
		`quiver.yaml:4:13: environment variable QUIVER_TEST_UNSET_VAR is not set`,
		`quiver.yaml:5:1: unknown key "colour"`,
		`quiver.yaml:7:19: max_body_bytes must be a positive integer`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("missing %q in:\n%v", want, err)
		}
	}
}

func TestParseRecordsWhereStoreSettingsAre(t *testing.T) {
	t.Parallel()
	cfg, err := Parse("/repo", "quiver.yaml", []byte("project: demo\nonline_store:\n  type: redis\n  address: x:1\n"))
	if err != nil {
		t.Fatal(err)
	}
	s := cfg.OnlineStore
	if s.Pos != (Position{3, 3}) || s.TypePos != (Position{3, 9}) || s.Keys["address"] != (Position{4, 3}) {
		t.Errorf("positions = %+v %+v %+v", s.Pos, s.TypePos, s.Keys)
	}
	if cfg.OfflineStore.Pos.Known() {
		t.Errorf("the default offline store has a position: %+v", cfg.OfflineStore.Pos)
	}
}
