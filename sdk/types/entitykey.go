package types

import "strings"

// KeyPart is one (join key, value) pair of an entity key.
type KeyPart struct {
	JoinKey string
	Value   Value
}

// EntityKey is an ordered list of (join key, value) pairs, in the order of
// the feature view's join keys. A view with no entities uses the empty key.
type EntityKey []KeyPart

// Equal reports whether two keys have the same join keys and values in the same order.
func (k EntityKey) Equal(o EntityKey) bool {
	if len(k) != len(o) {
		return false
	}
	for i := range k {
		if k[i].JoinKey != o[i].JoinKey || !k[i].Value.Equal(o[i].Value) {
			return false
		}
	}
	return true
}

// String renders the key as "k1=v1,k2=v2".
func (k EntityKey) String() string {
	var b strings.Builder
	for i, p := range k {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(p.JoinKey)
		b.WriteByte('=')
		b.WriteString(p.Value.String())
	}
	return b.String()
}

// JoinKeys returns the key's join key names in order.
func (k EntityKey) JoinKeys() []string {
	out := make([]string, len(k))
	for i, p := range k {
		out[i] = p.JoinKey
	}
	return out
}
