package conformance

import (
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// Composite keys: every other case uses one int64 join key. These views
// have two and three join keys of mixed types, declared in an order that
// is not alphabetical (a store that sorts join keys by name must do it the
// same way on write and read).
var (
	tripEntity = types.EntitySpec{Name: "trip", JoinKeys: []types.Field{
		{Name: "driver_id", Type: types.Int64}, {Name: "city", Type: types.String}}}
	slotEntity = types.EntitySpec{Name: "slot", JoinKeys: []types.Field{
		{Name: "zone", Type: types.String}, {Name: "region", Type: types.String}, {Name: "slot", Type: types.Int32}}}
	tripView = types.FeatureViewSpec{Name: "trips_by_city", JoinKeys: tripEntity.JoinKeys,
		Features: []types.Field{field("tag", types.String), field("n", types.Int64)}}
	slotView = types.FeatureViewSpec{Name: "slots", JoinKeys: slotEntity.JoinKeys,
		Features: []types.Field{field("tag", types.String), field("n", types.Int64)}}
	keyedFeatures = []string{"tag", "n"}
)

// tripKey is a key of tripView.
func tripKey(id int64, city string) types.EntityKey {
	return types.EntityKey{{JoinKey: "driver_id", Value: types.Int64Value(id)}, {JoinKey: "city", Value: types.StringValue(city)}}
}

// slotKey is a key of slotView.
func slotKey(zone, region string, slot int32) types.EntityKey {
	return types.EntityKey{{JoinKey: "zone", Value: types.StringValue(zone)},
		{JoinKey: "region", Value: types.StringValue(region)}, {JoinKey: "slot", Value: types.Int32Value(slot)}}
}

// ruleKeysApart is what a store confused two keys about.
const ruleKeysApart = "keys that differ in any join key are different entities; encode every part with its type " +
	"and length (sdk/codec does), never by joining the values' text, which makes (12, \"3\") and (1, \"23\") one key"

// writeKeyed writes one row per key, the tag naming the key, with event
// times in key order, in one batch, and returns the rows by key.
func (e *env) writeKeyed(view string, first int, keys []types.EntityKey) map[string]onlinestore.WriteRow {
	e.Helper()
	out := map[string]onlinestore.WriteRow{}
	rows := make([]onlinestore.WriteRow, len(keys))
	for i, k := range keys {
		rows[i] = wrow(k, at(first+i), at(first+i), types.StringValue("row of "+k.String()), types.Int64Value(int64(first+i)))
		out[k.String()] = rows[i]
	}
	e.write(view, keyedFeatures, rows...)
	return out
}

// checkCompositeKeyParts writes keys that collide when a store joins the
// parts' text (with or without a separator), drops a part, or compares
// numbers as text, then reads them with keys never written.
func checkCompositeKeyParts(e *env) {
	e.applyEntities([]types.EntitySpec{tripEntity, slotEntity}, tripView, slotView)
	trips := []types.EntityKey{
		tripKey(1, "a"), tripKey(1, "b"), tripKey(2, "a"), // differ in one part
		tripKey(12, "3"), tripKey(1, "23"), tripKey(123, ""), // the same digits "123"
		tripKey(1, "1"), tripKey(11, ""), // "11"
		tripKey(-1, "a"), tripKey(1, "a\x00"), tripKey(1, "A"), // sign, trailing zero byte, case
	}
	slots := []types.EntityKey{
		slotKey("ab", "c", 1), slotKey("a", "bc", 1), slotKey("abc", "", 1), // "abc"
		slotKey("a:b", "c", 1), slotKey("a", "b:c", 1), // with a ':' separator
		slotKey("a|b", "", 1), slotKey("a", "|b", 1), // with a '|' separator
		slotKey("a", "b", 11), slotKey("a", "b1", 1), slotKey("a", "b", 1), // digits of the last part
		slotKey("x", "y", 1), slotKey("x", "y", 2), slotKey("x", "z", 1), slotKey("w", "y", 1), // one part each
		slotKey("x", "y", -1), slotKey("x", "y", 0),
	}
	tripRows := e.writeKeyed(tripView.Name, 100, trips)
	slotRows := e.writeKeyed(slotView.Name, 200, slots)
	tripRead := append(reversed(trips), tripKey(2, "b"), tripKey(12, ""), tripKey(1, ""), tripKey(0, "a"))
	slotRead := append(reversed(slots), slotKey("x", "z", 2), slotKey("ab", "", 1), slotKey("a", "b", 111), slotKey("", "", 0))
	got := e.readViews(
		onlinestore.ReadView{FeatureView: tripView.Name, Features: keyedFeatures, EntityKeys: tripRead},
		onlinestore.ReadView{FeatureView: slotView.Name, Features: keyedFeatures, EntityKeys: slotRead})
	e.expectTagged("int64 + string keys", keyedFeatures, tripRead, got[0], tripRows, ruleKeysApart)
	e.expectTagged("string + string + int32 keys", keyedFeatures, slotRead, got[1], slotRows, ruleKeysApart)
	// A newer row of one key changes that key only.
	upd := wrow(tripKey(1, "23"), at(500), at(500), types.StringValue("row of "+tripKey(1, "23").String()+", updated"), types.Int64Value(500))
	e.write(tripView.Name, keyedFeatures, upd)
	tripRows[upd.EntityKey.String()] = upd
	e.expectTagged("int64 + string keys after updating one", keyedFeatures, trips,
		e.read(tripView.Name, keyedFeatures, trips...), tripRows, ruleKeysApart)
}

// checkSwappedKeyValues writes keys whose values are the same but under
// other join keys: ("x", "y") and ("y", "x") are two entities.
func checkSwappedKeyValues(e *env) {
	e.applyEntities([]types.EntitySpec{slotEntity}, slotView)
	keys := []types.EntityKey{
		slotKey("x", "y", 1), slotKey("y", "x", 1),
		slotKey("p", "q", 7), slotKey("q", "p", 7),
		slotKey("m", "n", 3), slotKey("n", "m", 3),
	}
	rows := e.writeKeyed(slotView.Name, 300, keys)
	read := append(reversed(keys), slotKey("y", "p", 7), slotKey("q", "q", 7))
	got := e.read(slotView.Name, keyedFeatures, read...)
	e.expectTagged("swapped values", keyedFeatures, read, got, rows,
		"the same values under other join keys are another entity: a key is the (join key, value) pairs, not the set of its values")
}

// reversed returns a reversed copy of keys.
func reversed(keys []types.EntityKey) []types.EntityKey {
	out := make([]types.EntityKey, len(keys))
	for i, k := range keys {
		out[len(keys)-1-i] = k
	}
	return out
}
