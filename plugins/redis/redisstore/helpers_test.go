package redisstore_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/quiverfs/quiver/plugins/redis/internal/redistest"
	"github.com/quiverfs/quiver/plugins/redis/redisstore"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// newStore returns a store configured for addr with extra settings (a JSON
// object body without braces, or ""), closed with the test.
func newStore(t *testing.T, addr, extra string) *redisstore.Store {
	t.Helper()
	cfg := fmt.Sprintf(`{"address": %q`, addr)
	if extra != "" {
		cfg += ", " + extra
	}
	s := redisstore.New()
	if _, err := s.Configure(context.Background(), &onlinestore.ConfigureRequest{Project: "test", Config: json.RawMessage(cfg + "}")}); err != nil {
		t.Fatalf("Configure %s: %v", cfg, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// sharedStore is a store on the Redis `make test` started, with a project
// of its own that is torn down with the test.
func sharedStore(t *testing.T) (*redisstore.Store, string) {
	t.Helper()
	s := newStore(t, redistest.Addr(t), "")
	project := redistest.Project("redisstore_")
	t.Cleanup(func() {
		if _, err := s.Teardown(context.Background(), &onlinestore.TeardownRequest{Project: project}); err != nil {
			t.Errorf("Teardown: %v", err)
		}
	})
	return s, project
}

// driverKey is the entity key of driver id.
func driverKey(id int64) types.EntityKey {
	return types.EntityKey{{JoinKey: "driver_id", Value: types.Int64Value(id)}}
}

// view returns a driver view of float64 features.
func view(name string, features ...string) types.FeatureViewSpec {
	v := types.FeatureViewSpec{Name: name, JoinKeys: []types.Field{{Name: "driver_id", Type: types.Int64}}}
	for _, f := range features {
		v.Features = append(v.Features, types.Field{Name: f, Type: types.Float64})
	}
	return v
}

func mustWrite(t *testing.T, s onlinestore.Store, req *onlinestore.WriteBatchRequest) {
	t.Helper()
	if _, err := s.WriteBatch(context.Background(), req); err != nil {
		t.Fatalf("WriteBatch of %s: %v", req.FeatureView, err)
	}
}

func mustRead(t *testing.T, s onlinestore.Store, project, view string, features []string, keys ...types.EntityKey) []onlinestore.ReadRow {
	t.Helper()
	resp, err := s.Read(context.Background(), &onlinestore.ReadRequest{Project: project,
		Views: []onlinestore.ReadView{{FeatureView: view, Features: features, EntityKeys: keys}}})
	if err != nil {
		t.Fatalf("Read of %s: %v", view, err)
	}
	return resp.Views[0]
}
