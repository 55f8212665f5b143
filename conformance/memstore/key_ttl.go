package memstore

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/quiverfs/quiver/sdk/onlinestore"
)

var _ onlinestore.StoreWithKeyTTL = (*Online)(nil)

// KeyTTL implements onlinestore.StoreWithKeyTTL: with the setting key_ttl,
// a key expires that long after the write that stored its row, as Redis
// expires an entity's hash. Capabilities are collected before Configure, so
// this reports the ability, not the setting.
func (s *Online) KeyTTL() bool { return true }

// expiry returns when a row stored now expires; zero: never. Callers hold s.mu.
func (s *Online) expiry() time.Time {
	if s.settings.KeyTTL <= 0 {
		return time.Time{}
	}
	return time.Now().Add(time.Duration(s.settings.KeyTTL))
}

// live reports whether r has not expired at now.
func (r *storedRow) live(now time.Time) bool { return r.expires.IsZero() || now.Before(r.expires) }

// expired reports whether r has expired by now.
func (r *storedRow) expired() bool { return !r.live(time.Now()) }

// keyTTL is the key_ttl setting: a Go duration string, not negative.
type keyTTL time.Duration

// UnmarshalJSON implements json.Unmarshaler.
func (k *keyTTL) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("key_ttl: want a duration like \"1s\", got %s", b)
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return fmt.Errorf("key_ttl: want a duration like \"1s\", not negative, got %q", s)
	}
	*k = keyTTL(d)
	return nil
}
