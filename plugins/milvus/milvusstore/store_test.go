package milvusstore

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

// TestUnreachableServer: Configure gives up on a closed port within
// dial_timeout (the client's dial blocks until its context ends), and the
// store then says it is not serving and fails calls with Unavailable. No
// Milvus server is needed.
func TestUnreachableServer(t *testing.T) {
	s := New()
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	start := time.Now()
	_, err := s.Configure(ctx, &onlinestore.ConfigureRequest{Project: "p",
		Config: json.RawMessage(`{"address": "127.0.0.1:1", "dial_timeout": "300ms"}`)})
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("Configure took %s, want about dial_timeout", took)
	}
	if !errors.Is(err, storeerr.ErrUnavailable) {
		t.Fatalf("Configure: %v, want Unavailable", err)
	}
	h, err := s.Health(ctx, &onlinestore.HealthRequest{})
	if err != nil || h.Serving {
		t.Errorf("Health = %+v, %v; want not serving", h, err)
	}
	_, err = s.Read(ctx, &onlinestore.ReadRequest{Project: "p", Views: []onlinestore.ReadView{{FeatureView: "v",
		Features: []string{"f"}, EntityKeys: []types.EntityKey{{{JoinKey: "id", Value: types.Int64Value(1)}}}}}})
	if !errors.Is(err, storeerr.ErrUnavailable) {
		t.Errorf("Read: %v, want Unavailable", err)
	}
	_, err = s.Configure(ctx, &onlinestore.ConfigureRequest{Project: "p", Config: json.RawMessage(`{"address": "x:1", "dial_timeout": "soon"}`)})
	if !errors.Is(err, storeerr.ErrInvalidArgument) {
		t.Errorf("Configure with dial_timeout \"soon\": %v, want InvalidArgument", err)
	}
}
