package stores

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/quiverfs/quiver/host/internal/config"
	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/onlinestore"
)

// recordingOnline and recordingOffline keep the ConfigureRequest they got.
type recordingOnline struct {
	onlinestore.Unimplemented
	got *onlinestore.ConfigureRequest
}

func (r *recordingOnline) Configure(_ context.Context, req *onlinestore.ConfigureRequest) (*onlinestore.ConfigureResponse, error) {
	r.got = req
	return &onlinestore.ConfigureResponse{}, nil
}

type recordingOffline struct {
	offlinestore.Unimplemented
	got *offlinestore.ConfigureRequest
}

func (r *recordingOffline) Configure(_ context.Context, req *offlinestore.ConfigureRequest) (*offlinestore.ConfigureResponse, error) {
	r.got = req
	return &offlinestore.ConfigureResponse{}, nil
}

func TestStoresAreConfiguredWithTheAbsoluteRepositoryFolder(t *testing.T) {
	t.Parallel()
	on, off := &recordingOnline{}, &recordingOffline{}
	o := &Opener{RepoDir: "some/repo", Embedded: Embedded{
		Online:  map[string]func() onlinestore.Store{"rec": func() onlinestore.Store { return on }},
		Offline: map[string]func() offlinestore.Store{"rec": func() offlinestore.Store { return off }},
	}}
	cfg := config.Store{Type: "rec", Settings: json.RawMessage(`{"path": "data/x.db"}`)}
	if _, _, err := o.Online(context.Background(), "p", cfg); err != nil {
		t.Fatal(err)
	}
	if _, _, err := o.Offline(context.Background(), "p", cfg); err != nil {
		t.Fatal(err)
	}
	wd, _ := os.Getwd()
	want := filepath.Join(wd, "some", "repo")
	if on.got.RepoDir != want || off.got.RepoDir != want {
		t.Errorf("RepoDir online %q, offline %q; want %q", on.got.RepoDir, off.got.RepoDir, want)
	}
}
