package feastfmt

import (
	"encoding/binary"
	"fmt"
	"slices"
	"strings"

	"github.com/quiverfs/quiver/sdk/types"
)

// Feast's ValueType enum numbers, as written into serialized entity keys.
const (
	feastBytes         = 1
	feastString        = 2
	feastInt32         = 3
	feastInt64         = 4
	feastUnixTimestamp = 8
)

// DummyJoinKey is the join key Feast gives views without entities; its
// value is the empty string.
const DummyJoinKey = "__dummy_id"

// AppendRedisKey appends the Redis key of an entity key in a project: the
// serialized entity key followed by the project name.
func AppendRedisKey(dst []byte, key types.EntityKey, project string) ([]byte, error) {
	dst, err := AppendEntityKey(dst, key)
	if err != nil {
		return dst, err
	}
	return append(dst, project...), nil
}

// AppendEntityKey appends Feast's serialization (version 3) of key: the
// number of join keys, then each join key name in sorted order (type STRING,
// length, UTF-8 bytes), then each value in the same order (type, length,
// bytes), all integers uint32 little-endian. The empty key is Feast's dummy
// key. Join key values must be string, bytes, int32, int64 or a timestamp of
// whole seconds: the types Feast can serialize.
func AppendEntityKey(dst []byte, key types.EntityKey) ([]byte, error) {
	if len(key) == 0 {
		key = types.EntityKey{{JoinKey: DummyJoinKey, Value: types.StringValue("")}}
	}
	parts := key
	if len(key) > 1 && !slices.IsSortedFunc(key, byJoinKey) {
		parts = slices.Clone(key)
		slices.SortFunc(parts, byJoinKey)
	}
	dst = binary.LittleEndian.AppendUint32(dst, uint32(len(parts)))
	for _, p := range parts {
		dst = binary.LittleEndian.AppendUint32(dst, feastString)
		dst = binary.LittleEndian.AppendUint32(dst, uint32(len(p.JoinKey)))
		dst = append(dst, p.JoinKey...)
	}
	for _, p := range parts {
		var err error
		if dst, err = appendKeyValue(dst, p); err != nil {
			return dst, err
		}
	}
	return dst, nil
}

func byJoinKey(a, b types.KeyPart) int { return strings.Compare(a.JoinKey, b.JoinKey) }

// appendKeyValue appends one join key value: type, length, bytes.
func appendKeyValue(dst []byte, p types.KeyPart) ([]byte, error) {
	v := p.Value
	le := binary.LittleEndian
	switch v.Type() {
	case types.String:
		dst = le.AppendUint32(le.AppendUint32(dst, feastString), uint32(len(v.Str())))
		return append(dst, v.Str()...), nil
	case types.Bytes:
		b := v.BytesVal()
		dst = le.AppendUint32(le.AppendUint32(dst, feastBytes), uint32(len(b)))
		return append(dst, b...), nil
	case types.Int32:
		dst = le.AppendUint32(le.AppendUint32(dst, feastInt32), 4)
		return le.AppendUint32(dst, uint32(v.Int32())), nil
	case types.Int64:
		dst = le.AppendUint32(le.AppendUint32(dst, feastInt64), 8)
		return le.AppendUint64(dst, uint64(v.Int64())), nil
	case types.Timestamp:
		us := v.Int64()
		if us%1_000_000 != 0 {
			return dst, fmt.Errorf("join key %s: timestamp %s has a fraction of a second; Feast's key layout keeps whole seconds", p.JoinKey, v)
		}
		dst = le.AppendUint32(le.AppendUint32(dst, feastUnixTimestamp), 8)
		return le.AppendUint64(dst, uint64(us/1_000_000)), nil
	case types.Invalid:
		return dst, fmt.Errorf("join key %s is null", p.JoinKey)
	}
	return dst, fmt.Errorf("join key %s has type %s; Feast's key layout supports string, bytes, int32, int64 and timestamp", p.JoinKey, v.Type())
}

// AppendKeyPrefix appends the part of a serialized entity key that depends
// only on the join key names: what every key of those join keys starts with.
func AppendKeyPrefix(dst []byte, joinKeys []string) []byte {
	if len(joinKeys) == 0 {
		joinKeys = []string{DummyJoinKey}
	}
	sorted := slices.Sorted(slices.Values(joinKeys))
	dst = binary.LittleEndian.AppendUint32(dst, uint32(len(sorted)))
	for _, k := range sorted {
		dst = binary.LittleEndian.AppendUint32(dst, feastString)
		dst = binary.LittleEndian.AppendUint32(dst, uint32(len(k)))
		dst = append(dst, k...)
	}
	return dst
}

// ProjectOf reports whether redisKey is a well-formed serialized entity key
// followed by exactly project. It tells a project's keys from those of a
// project whose name merely ends the same way.
func ProjectOf(redisKey []byte, project string) bool {
	rest, ok := skipEntityKey(redisKey)
	return ok && string(rest) == project
}

// skipEntityKey parses a serialized entity key and returns what follows it.
func skipEntityKey(b []byte) ([]byte, bool) {
	le := binary.LittleEndian
	if len(b) < 4 {
		return nil, false
	}
	n := int(le.Uint32(b))
	b = b[4:]
	if n == 0 || n > 1024 {
		return nil, false
	}
	for range 2 * n { // n names, then n values: (type, length, bytes) each
		if len(b) < 8 {
			return nil, false
		}
		l := int(le.Uint32(b[4:]))
		b = b[8:]
		if l > len(b) {
			return nil, false
		}
		b = b[l:]
	}
	return b, true
}
