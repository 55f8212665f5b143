package authn

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/quiverfs/quiver/host/internal/config"
)

func staticFixture(t *testing.T) *StaticTokens {
	t.Helper()
	s, err := NewStaticTokens([]config.StaticToken{
		{Name: "alice", SHA256: HashToken("alice-token"), Roles: []string{"reader"}, Groups: []string{"ds"}, Namespaces: []string{"team-a"}},
		{Name: "bob", SHA256: HashToken("bob-token"), Roles: []string{"writer", "reader"}},
		{Name: "carol", SHA256: HashToken("carol-token")},
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestHashTokenIsHexSHA256(t *testing.T) {
	t.Parallel()
	// sha256("password"), a well-known value.
	if got := HashToken("password"); got != "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8" {
		t.Errorf("HashToken = %s", got)
	}
}

func TestStaticTokensRightWrongAndEmpty(t *testing.T) {
	t.Parallel()
	s := staticFixture(t)
	ctx := context.Background()
	id, err := s.Authenticate(ctx, "alice-token")
	if err != nil || id.Name != "alice" || strings.Join(id.Roles, ",") != "reader" ||
		strings.Join(id.Groups, ",") != "ds" || strings.Join(id.Namespaces, ",") != "team-a" {
		t.Fatalf("alice: %+v, %v", id, err)
	}
	if id, err := s.Authenticate(ctx, "carol-token"); err != nil || id.Name != "carol" || id.Roles != nil {
		t.Errorf("carol: %+v, %v", id, err)
	}
	for _, tok := range []string{"alice-token2", "alice-toke", "ALICE-TOKEN", HashToken("alice-token")} {
		_, err := s.Authenticate(ctx, tok)
		if !errors.Is(err, ErrUnauthenticated) || !strings.Contains(err.Error(), ReasonUnknownToken) || strings.Contains(err.Error(), tok) {
			t.Errorf("%q: %v", tok, err)
		}
	}
	if _, err := s.Authenticate(ctx, ""); !errors.Is(err, ErrNoCredentials) || !errors.Is(err, ErrUnauthenticated) {
		t.Errorf("empty token: %v", err)
	}
	if _, err := s.Authenticate(ctx, "a b"); !errors.Is(err, ErrUnauthenticated) {
		t.Errorf("token with a space: %v", err)
	}
}

func TestStaticTokensIdentityIsACopy(t *testing.T) {
	t.Parallel()
	s := staticFixture(t)
	id, _ := s.Authenticate(context.Background(), "bob-token")
	id.Roles[0] = "admin"
	again, _ := s.Authenticate(context.Background(), "bob-token")
	if again.Roles[0] != "writer" {
		t.Errorf("changing a returned identity changed the stored one: %v", again.Roles)
	}
}

// TestStaticTokensCompareEveryEntry checks the constant-time path: the
// hash is compared with every entry however early one matches, and with
// subtle's constant-time comparison.
func TestStaticTokensCompareEveryEntry(t *testing.T) {
	s := staticFixture(t)
	calls := 0
	orig := compareHash
	compareHash = func(a, b []byte) int {
		calls++
		if len(a) != 32 || len(b) != 32 {
			t.Errorf("compared %d and %d bytes, want both whole SHA-256 hashes", len(a), len(b))
		}
		return orig(a, b)
	}
	t.Cleanup(func() { compareHash = orig })
	for _, tok := range []string{"alice-token", "carol-token", "nobody"} {
		calls = 0
		_, _ = s.Authenticate(context.Background(), tok)
		if calls != 3 {
			t.Errorf("%q: %d comparisons, want 3 (one per entry)", tok, calls)
		}
	}
}

func TestNewStaticTokensRejectsBadEntries(t *testing.T) {
	t.Parallel()
	h := HashToken("x")
	for name, tokens := range map[string][]config.StaticToken{
		"none":           nil,
		"no name":        {{SHA256: h}},
		"short hash":     {{Name: "a", SHA256: h[:10]}},
		"repeated name":  {{Name: "a", SHA256: h}, {Name: "a", SHA256: HashToken("y")}},
		"repeated hash":  {{Name: "a", SHA256: h}, {Name: "b", SHA256: h}},
		"not hex digits": {{Name: "a", SHA256: strings.Repeat("z", 64)}},
	} {
		if _, err := NewStaticTokens(tokens); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestNoAuthIsAnonymousForAnyToken(t *testing.T) {
	t.Parallel()
	a, err := New(context.Background(), config.Auth{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tok := range []string{"", "anything", "a b"} {
		if id, err := a.Authenticate(context.Background(), tok); err != nil || id.Name != "" || id.Roles != nil {
			t.Errorf("%q: %+v, %v", tok, id, err)
		}
	}
	if Enabled(config.Auth{}) || Enabled(config.Auth{Type: config.AuthNone}) || !Enabled(config.Auth{Type: config.AuthOIDC}) {
		t.Error("Enabled is wrong")
	}
	if _, err := New(context.Background(), config.Auth{Type: "ldap"}); err == nil {
		t.Error("an unknown type was accepted")
	}
}
