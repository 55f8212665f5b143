package authgate

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/quiverfs/quiver/host/internal/apierr"
	"github.com/quiverfs/quiver/host/internal/authn"
	"github.com/quiverfs/quiver/host/internal/authz"
)

// countingAuthn admits the tokens of its map and counts its calls.
type countingAuthn struct {
	ids   map[string]authz.Identity
	calls int
}

func (a *countingAuthn) Authenticate(_ context.Context, token string) (authz.Identity, error) {
	a.calls++
	if id, ok := a.ids[token]; ok {
		return id, nil
	}
	return authz.Identity{}, &authn.Error{Reason: authn.ReasonUnknownToken}
}

// jwtWith builds an (unsigned: the fake checks nothing) JWT with exp.
func jwtWith(claims string) string {
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"RS256"}`)) + "." + enc([]byte(claims)) + ".sig"
}

func TestTheCacheRemembersAVerifiedJWTUntilItsExpiry(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_800_000_000, 0)
	tok := jwtWith(fmt.Sprintf(`{"exp": %d}`, now.Add(time.Minute).Unix()))
	noExp := jwtWith(`{"sub": "x"}`)
	a := &countingAuthn{ids: map[string]authz.Identity{tok: {Name: "ann"}, noExp: {Name: "bob"}, "static": {Name: "cy"}}}
	g := NewCaching(a)
	g.cache.now = func() time.Time { return now }
	admit := func(token string) (string, error) {
		ctx, err := g.Admit(context.Background(), "POST /x", token, nil)
		return authz.IdentityFrom(ctx).Name, err
	}
	for range 3 {
		if name, err := admit(tok); name != "ann" || err != nil {
			t.Fatalf("Admit = %q, %v", name, err)
		}
	}
	if a.calls != 1 {
		t.Errorf("the authenticator checked the same token %d times, want 1", a.calls)
	}
	now = now.Add(61 * time.Second) // past exp: checked again
	delete(a.ids, tok)              // ... and the issuer would refuse it now
	if _, err := admit(tok); err == nil {
		t.Error("a cached token was admitted past its exp")
	}
	for _, token := range []string{noExp, noExp, "static", "static"} {
		if _, err := admit(token); err != nil {
			t.Fatal(err)
		}
	}
	if a.calls != 6 {
		t.Errorf("tokens without exp were cached: %d calls, want 6", a.calls)
	}
	for range 2 {
		if _, err := admit("forged"); err == nil {
			t.Fatal("a forged token was admitted")
		}
	}
	if a.calls != 8 {
		t.Errorf("a refusal was cached: %d calls, want 8", a.calls)
	}
}

func TestTheCacheStaysBounded(t *testing.T) {
	t.Parallel()
	c := newTokenCache()
	exp := time.Now().Add(time.Hour).Unix()
	for i := range maxCachedTokens + 10 {
		tok := jwtWith(fmt.Sprintf(`{"exp": %d, "n": %d}`, exp, i))
		c.put([32]byte{byte(i), byte(i >> 8), byte(i >> 16)}, tok, authz.Identity{Name: "x"})
	}
	if n := len(c.entries); n > maxCachedTokens {
		t.Errorf("%d entries, more than %d", n, maxCachedTokens)
	}
}

func TestRefusalsAre401WithTheirReason(t *testing.T) {
	t.Parallel()
	g := &Gate{Authn: &countingAuthn{}}
	_, err := g.Admit(context.Background(), "POST /x", "x", nil)
	if e, ok := apierr.As(err); !ok || e.Kind != apierr.KindUnauthenticated || !strings.Contains(e.Message, "unknown token; POST /x needs Authorization: Bearer <token>") {
		t.Errorf("unknown token: %v", err)
	}
	_, err = g.Admit(context.Background(), "POST /x", "", &authn.Error{Reason: authn.ReasonNoCredentials})
	if e, ok := apierr.As(err); !ok || e.Kind != apierr.KindUnauthenticated || !strings.Contains(e.Message, "no credentials") {
		t.Errorf("no token: %v", err)
	}
	if ctx, err := (&Gate{}).Admit(context.Background(), "POST /x", "", errors.New("ignored")); err != nil || !authz.IdentityFrom(ctx).Anonymous() {
		t.Errorf("a disabled gate: %v", err)
	}
}
