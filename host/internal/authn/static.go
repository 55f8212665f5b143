package authn

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"

	"github.com/quiverfs/quiver/host/internal/authz"
	"github.com/quiverfs/quiver/host/internal/config"
)

// StaticTokens is the static_tokens authenticator: each caller's token is
// known by its SHA-256.
type StaticTokens struct {
	entries []staticEntry
}

type staticEntry struct {
	hash [sha256.Size]byte
	id   authz.Identity
}

// compareHash compares two hashes in constant time; a variable so that a
// test can count the comparisons.
var compareHash = func(a, b []byte) int { return subtle.ConstantTimeCompare(a, b) }

// NewStaticTokens builds the authenticator of tokens. A token without a
// name, with a malformed hash, or repeating a name or hash is an error
// (config.Parse reports these with positions first).
func NewStaticTokens(tokens []config.StaticToken) (*StaticTokens, error) {
	if len(tokens) == 0 {
		return nil, errors.New("auth type static_tokens needs at least one token")
	}
	s := &StaticTokens{}
	names := map[string]bool{}
	hashes := map[[sha256.Size]byte]bool{}
	for i, t := range tokens {
		var e staticEntry
		b, err := hex.DecodeString(t.SHA256)
		if err != nil || len(b) != sha256.Size {
			return nil, fmt.Errorf("static token %d (%q): sha256 must be 64 hex digits", i+1, t.Name)
		}
		copy(e.hash[:], b)
		switch {
		case t.Name == "":
			return nil, fmt.Errorf("static token %d has no name", i+1)
		case names[t.Name]:
			return nil, fmt.Errorf("static token name %q repeated", t.Name)
		case hashes[e.hash]:
			return nil, fmt.Errorf("static token %q: sha256 repeated", t.Name)
		}
		names[t.Name], hashes[e.hash] = true, true
		e.id = authz.Identity{Name: t.Name, Roles: slices.Clone(t.Roles), Groups: slices.Clone(t.Groups), Namespaces: slices.Clone(t.Namespaces)}
		s.entries = append(s.entries, e)
	}
	return s, nil
}

// HashToken returns the hex SHA-256 of a token, as quiver.yaml lists it.
func HashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// Authenticate hashes token and compares the hash with every entry's in
// constant time, whichever matches: the time taken tells nothing about
// which entry, if any, matched.
func (s *StaticTokens) Authenticate(_ context.Context, token string) (authz.Identity, error) {
	if err := CheckToken(token); err != nil {
		return authz.Identity{}, err
	}
	h := sha256.Sum256([]byte(token))
	match := -1
	for i := range s.entries {
		eq := compareHash(h[:], s.entries[i].hash[:])
		// Select without branching on the secret-derived result.
		match = subtle.ConstantTimeSelect(eq, i, match)
	}
	if match < 0 {
		return authz.Identity{}, fail(ReasonUnknownToken)
	}
	return cloneIdentity(s.entries[match].id), nil
}

// cloneIdentity copies id so that a caller cannot change the stored one.
func cloneIdentity(id authz.Identity) authz.Identity {
	return authz.Identity{Name: id.Name, Roles: slices.Clone(id.Roles), Groups: slices.Clone(id.Groups), Namespaces: slices.Clone(id.Namespaces)}
}
