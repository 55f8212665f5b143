package redisstore_test

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/quiverfs/quiver/plugins/redis/internal/redistest"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// rekey moves a key Feast wrote under the fixture's project to project.
func rekey(t *testing.T, f *fixture, hexKey, project string) string {
	t.Helper()
	k, err := hex.DecodeString(hexKey)
	if err != nil {
		t.Fatal(err)
	}
	base, ok := strings.CutSuffix(string(k), f.Project)
	if !ok {
		t.Fatalf("fixture key %s does not end with project %s", hexKey, f.Project)
	}
	return base + project
}

// TestReadsWhatFeastWrote loads the keys Feast materialized into Redis and
// expects the store to read what Feast's get_online_features returned.
func TestReadsWhatFeastWrote(t *testing.T) {
	t.Parallel()
	f := loadFixture(t)
	s, project := sharedStore(t)
	raw := redistest.Client(t, redistest.Addr(t))
	ctx := context.Background()
	for _, k := range f.Redis {
		fields := map[string]any{}
		for name, val := range k.Fields {
			fb, _ := hex.DecodeString(name)
			vb, _ := hex.DecodeString(val)
			fields[string(fb)] = vb
		}
		if err := raw.HSet(ctx, rekey(t, f, k.Key, project), fields).Err(); err != nil {
			t.Fatal(err)
		}
	}
	keyTypes, featureTypes := fixtureTypes(t, f)
	for _, req := range f.Online {
		var features []string
		for _, name := range req.Features {
			features = append(features, strings.TrimPrefix(name, req.View+":"))
		}
		var keys []types.EntityKey
		for _, row := range req.RawRows {
			keys = append(keys, entityKey(t, row, keyTypes))
		}
		got := mustRead(t, s, project, req.View, features, keys...)
		for i, key := range keys {
			checkAgainstFeast(t, req.View, key, features, i, got[i], req.Response, featureTypes)
		}
	}
}

// checkAgainstFeast compares one row read by the store with entity i of Feast's response.
func checkAgainstFeast(t *testing.T, view string, key types.EntityKey, features []string, i int,
	got onlinestore.ReadRow, resp map[string]json.RawMessage, featureTypes map[string]types.ValueType) {
	t.Helper()
	for fi, name := range features {
		var values []json.RawMessage
		var stamps []int64
		if err := json.Unmarshal(resp[name], &values); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := json.Unmarshal(resp[name+"__ts"], &stamps); err != nil {
			t.Fatalf("%s__ts: %v", name, err)
		}
		if stamps[i] == 0 { // Feast found nothing
			if got.Found {
				t.Errorf("%s %s: found a row Feast did not", view, key)
			}
			return
		}
		if !got.Found {
			t.Fatalf("%s %s: not found; Feast found it", view, key)
		}
		if got.EventTimestamp.Unix() != stamps[i] {
			t.Errorf("%s %s: event time %s, Feast %d", view, key, got.EventTimestamp, stamps[i])
		}
		want, err := typedValue(featureTypes[view+":"+name], values[i], true)
		if err != nil {
			t.Fatalf("%s %s %s: %v", view, key, name, err)
		}
		if !got.Values[fi].Equal(want) {
			t.Errorf("%s %s %s = %s (%s), Feast %s (%s)", view, key, name, got.Values[fi], got.Values[fi].Type(), want, want.Type())
		}
	}
}

// fixtureTypes returns the type of every join key and of every view:feature.
func fixtureTypes(t *testing.T, f *fixture) (map[string]types.ValueType, map[string]types.ValueType) {
	keys, features := map[string]types.ValueType{}, map[string]types.ValueType{}
	for _, r := range f.Rows {
		for _, e := range r.Entity {
			name, vt, _ := triple(t, e)
			keys[name] = vt
		}
		for _, e := range r.Features {
			name, vt, _ := triple(t, e)
			features[r.View+":"+name] = vt
		}
	}
	return keys, features
}

// entityKey builds the key of an entity row of Feast's request.
func entityKey(t *testing.T, row map[string]any, keyTypes map[string]types.ValueType) types.EntityKey {
	t.Helper()
	var key types.EntityKey
	for name, v := range row {
		raw, _ := json.Marshal(v)
		val, err := typedValue(keyTypes[name], raw, false)
		if err != nil {
			t.Fatalf("join key %s: %v", name, err)
		}
		key = append(key, types.KeyPart{JoinKey: name, Value: val})
	}
	return key
}

// nullTimestamps reports whether both values are null timestamps: Feast
// writes a null timestamp as unix_timestamp_val = MinInt64 seconds, Quiver
// as the empty Value (it writes every null so, not knowing the type of a
// null); each reads the other's as null.
func nullTimestamps(ours, feastHex string) bool {
	return ours == "" && feastHex == "4080808080808080808001"
}

// TestWritesWhatFeastWrote writes the rows Feast was given and expects the
// very keys, fields and value bytes Feast wrote; only Quiver's _cts fields
// are extra.
func TestWritesWhatFeastWrote(t *testing.T) {
	t.Parallel()
	f := loadFixture(t)
	s, project := sharedStore(t)
	for _, r := range f.Rows {
		row := onlinestore.WriteRow{}
		var names []string
		for _, e := range r.Entity {
			name, _, v := triple(t, e)
			row.EntityKey = append(row.EntityKey, types.KeyPart{JoinKey: name, Value: v})
		}
		for _, e := range r.Features {
			name, _, v := triple(t, e)
			names = append(names, name)
			row.Values = append(row.Values, v)
		}
		var err error
		if row.EventTimestamp, err = time.Parse(time.RFC3339Nano, r.EventTimestamp); err != nil {
			t.Fatal(err)
		}
		if row.CreatedTimestamp, err = time.Parse(time.RFC3339Nano, r.Created); err != nil {
			t.Fatal(err)
		}
		mustWrite(t, s, &onlinestore.WriteBatchRequest{Project: project, FeatureView: r.View, FeatureNames: names,
			Rows: []onlinestore.WriteRow{row}})
	}
	raw := redistest.Client(t, redistest.Addr(t))
	for _, k := range f.Redis {
		key := rekey(t, f, k.Key, project)
		got, err := raw.HGetAll(context.Background(), key).Result()
		if err != nil {
			t.Fatal(err)
		}
		if len(got) == 0 {
			t.Errorf("key %s (Feast's) was not written", k.Key)
			continue
		}
		for field, val := range got {
			if strings.HasPrefix(field, "_cts:") {
				continue
			}
			want, ok := k.Fields[hex.EncodeToString([]byte(field))]
			if !ok {
				t.Errorf("key %s: field %x is not one Feast writes", k.Key, field)
			} else if hex.EncodeToString([]byte(val)) != want && !nullTimestamps(val, want) {
				t.Errorf("key %s field %q: value %x, Feast wrote %s", k.Key, field, val, want)
			}
		}
		for field := range k.Fields {
			fb, _ := hex.DecodeString(field)
			if _, ok := got[string(fb)]; !ok {
				t.Errorf("key %s: field %q that Feast writes is missing", k.Key, fb)
			}
		}
	}
}
