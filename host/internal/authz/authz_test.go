package authz

import (
	"context"
	"errors"
	"testing"
)

type recorder struct{ got *Request }

func (r *recorder) Authorize(_ context.Context, req *Request) error {
	r.got = req
	return errors.New("denied")
}

func TestCheckPassesTheCallerAndResources(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	ctx := WithIdentity(context.Background(), Identity{Name: "ann", Roles: []string{"reader"}})
	err := Check(ctx, rec, ReadOnline, Resource{Kind: "feature-view", Name: "stats"})
	if err == nil || rec.got.Identity.Name != "ann" || rec.got.Action != ReadOnline || rec.got.Resources[0].Name != "stats" {
		t.Fatalf("Check = %v with request %+v", err, rec.got)
	}
	if err := Check(context.Background(), AllowAll{}, Delete); err != nil {
		t.Errorf("AllowAll denied: %v", err)
	}
}
