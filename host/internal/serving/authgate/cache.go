package authgate

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strings"
	"sync"
	"time"

	"github.com/quiverfs/quiver/host/internal/authz"
)

// The token cache's bounds: entries, and how long one is trusted at most
// (never past the token's own exp).
const (
	maxCachedTokens = 10_000
	maxCacheAge     = 5 * time.Minute
)

// tokenCache remembers the identities of JWTs that verified, by the
// SHA-256 of the token, until the token's exp (at most maxCacheAge): a
// JWT's signature check is the bulk of authentication's cost per request.
// Refusals are not cached.
type tokenCache struct {
	mu      sync.RWMutex
	entries map[[sha256.Size]byte]cachedIdentity
	now     func() time.Time
}

type cachedIdentity struct {
	id    authz.Identity
	until time.Time
}

func newTokenCache() *tokenCache {
	return &tokenCache{entries: map[[sha256.Size]byte]cachedIdentity{}, now: time.Now}
}

// get returns the identity of a token verified before and still valid.
func (c *tokenCache) get(key [sha256.Size]byte) (authz.Identity, bool) {
	c.mu.RLock()
	e, ok := c.entries[key]
	c.mu.RUnlock()
	if !ok || !c.now().Before(e.until) {
		return authz.Identity{}, false
	}
	return e.id, true
}

// put remembers a verified token's identity until its exp; a token whose
// exp cannot be read is not remembered.
func (c *tokenCache) put(key [sha256.Size]byte, token string, id authz.Identity) {
	exp, ok := jwtExpiry(token)
	if !ok {
		return
	}
	now := c.now()
	until := now.Add(maxCacheAge)
	if exp.Before(until) {
		until = exp
	}
	if !now.Before(until) {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= maxCachedTokens {
		for k, e := range c.entries {
			if !now.Before(e.until) {
				delete(c.entries, k)
			}
		}
		if len(c.entries) >= maxCachedTokens {
			clear(c.entries)
		}
	}
	c.entries[key] = cachedIdentity{id: id, until: until}
}

// jwtExpiry reads the exp claim of a JWT already verified by the
// authenticator.
func jwtExpiry(token string) (time.Time, bool) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return time.Time{}, false
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return time.Time{}, false
	}
	var claims struct {
		Exp *json.Number `json:"exp"`
	}
	if err := json.Unmarshal(payload, &claims); err != nil || claims.Exp == nil {
		return time.Time{}, false
	}
	secs, err := claims.Exp.Float64()
	if err != nil || secs <= 0 || secs > 1e11 {
		return time.Time{}, false
	}
	return time.Unix(int64(secs), 0), true
}
