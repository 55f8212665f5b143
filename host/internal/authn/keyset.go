package authn

import (
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

// minRefetch is the least time between two fetches of the key set caused
// by tokens naming unknown keys: a stream of tokens with made-up key IDs
// must not turn into a stream of requests to the issuer.
const minRefetch = 5 * time.Second

// keySet is the issuer's signing keys, for go-oidc's verifier (it
// implements oidc.KeySet). Unlike go-oidc's RemoteKeySet it bounds what it
// reads, forgets keys after a lifespan, and rate-limits the fetches that
// unknown key IDs cause. Signatures are checked by go-jose.
type keySet struct {
	client   *http.Client
	url      string
	lifespan time.Duration
	algs     []jose.SignatureAlgorithm
	now      func() time.Time // time.Now; a test moves it

	fetchMu sync.Mutex // one fetch at a time

	mu    sync.RWMutex
	state keyState
}

func newKeySet(c *http.Client, url string, lifespan time.Duration, algs []string) *keySet {
	k := &keySet{client: c, url: url, lifespan: lifespan, now: time.Now}
	for _, a := range algs {
		k.algs = append(k.algs, jose.SignatureAlgorithm(a))
	}
	return k
}

// VerifySignature returns the payload of jwt when one of the issuer's keys
// verifies its signature. Keys older than the lifespan are fetched again
// first (the old ones are kept if that fails); a key ID not among the keys
// makes them be fetched again. Either fetch happens at most once per
// minRefetch, so an unreachable issuer or a stream of made-up key IDs
// costs one request to the issuer per minRefetch, not one per token; and
// while one request refreshes expired keys the others do not wait for it.
func (k *keySet) VerifySignature(ctx context.Context, jwt string) ([]byte, error) {
	st := stateFrom(ctx)
	jws, err := jose.ParseSigned(jwt, k.algs)
	if err != nil {
		return nil, errors.New("malformed token")
	}
	if len(jws.Signatures) != 1 {
		return nil, errors.New("not exactly one signature")
	}
	kid := jws.Signatures[0].Header.KeyID
	s := k.snapshot()
	if t := k.now(); t.Sub(s.fetched) >= k.lifespan && t.Sub(s.attempted) >= minRefetch && k.fetchMu.TryLock() {
		// One request refreshes; the others go on with the keys held
		// rather than wait for an issuer that may be slow. On failure the
		// old keys serve on.
		if k.snapshot().attempted.Equal(s.attempted) {
			_ = k.fetchLocked(ctx)
		}
		k.fetchMu.Unlock()
		s = k.snapshot()
	}
	if payload, ok := verifyWith(jws, s.keys, kid); ok {
		st.payload = payload
		return payload, nil
	}
	if kid == "" || !hasKey(s.keys, kid) {
		if k.now().Sub(s.attempted) >= minRefetch {
			_ = k.refreshAfter(ctx, s.attempted)
			s = k.snapshot()
			if payload, ok := verifyWith(jws, s.keys, kid); ok {
				st.payload = payload
				return payload, nil
			}
		}
		if s.err != nil {
			// The key may well be new: the issuer cannot be asked.
			st.unavailable = true
			return nil, s.err
		}
	}
	st.badSignature = true
	return nil, errors.New("signature invalid")
}

// keyState is the key set as of one moment.
type keyState struct {
	keys      []jose.JSONWebKey
	fetched   time.Time // when keys were fetched
	attempted time.Time // of the last fetch, good or not
	err       error     // of the last fetch
}

func (k *keySet) snapshot() keyState {
	k.mu.RLock()
	defer k.mu.RUnlock()
	return k.state
}

func verifyWith(jws *jose.JSONWebSignature, keys []jose.JSONWebKey, kid string) ([]byte, bool) {
	for i := range keys {
		if kid != "" && keys[i].KeyID != kid {
			continue
		}
		if payload, err := jws.Verify(&keys[i]); err == nil {
			return payload, true
		}
	}
	return nil, false
}

func hasKey(keys []jose.JSONWebKey, kid string) bool {
	for i := range keys {
		if keys[i].KeyID == kid {
			return true
		}
	}
	return false
}

// refreshAfter fetches the keys unless a fetch was attempted after seen
// (while this caller waited for it): its result stands.
func (k *keySet) refreshAfter(ctx context.Context, seen time.Time) error {
	k.fetchMu.Lock()
	defer k.fetchMu.Unlock()
	if s := k.snapshot(); s.attempted.After(seen) {
		return s.err
	}
	return k.fetchLocked(ctx)
}

// refresh fetches the keys now.
func (k *keySet) refresh(ctx context.Context) error {
	k.fetchMu.Lock()
	defer k.fetchMu.Unlock()
	return k.fetchLocked(ctx)
}

func (k *keySet) fetchLocked(ctx context.Context) error {
	// The fetch serves every waiting request: one caller going away must
	// not fail it. The client's timeout bounds it.
	keys, err := fetchKeys(context.WithoutCancel(ctx), k.client, k.url)
	k.mu.Lock()
	defer k.mu.Unlock()
	k.state.attempted, k.state.err = k.now(), err
	if err == nil {
		k.state.keys, k.state.fetched = keys, k.state.attempted
	}
	return err
}

// fetchKeys reads a JWK set, keeping the public signing keys of the kinds
// go-jose verifies (RSA, ECDSA, Ed25519) and skipping others.
func fetchKeys(ctx context.Context, c *http.Client, url string) ([]jose.JSONWebKey, error) {
	var set struct {
		Keys []json.RawMessage `json:"keys"`
	}
	if err := getJSON(ctx, c, url, &set); err != nil {
		return nil, err
	}
	var keys []jose.JSONWebKey
	for _, raw := range set.Keys {
		var key jose.JSONWebKey
		if err := key.UnmarshalJSON(raw); err != nil {
			continue // a kind of key go-jose does not know, or a broken one
		}
		if key.Use != "" && key.Use != "sig" {
			continue
		}
		pub := key.Public()
		switch pub.Key.(type) {
		case *rsa.PublicKey, *ecdsa.PublicKey, ed25519.PublicKey:
			keys = append(keys, pub)
		}
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("%s holds no usable signing key", url)
	}
	return keys, nil
}
