package conformance

import (
	"fmt"

	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// nullableView has a scalar, a string and a list feature, any of which a
// row may set to null.
var (
	nullableView     = viewSpec("nullable", field("trips", types.Int64), field("label", types.String), field("scores", types.Float64List))
	nullableFeatures = []string{"trips", "label", "scores"}
)

// fullRow returns a row of nullableView with every value set from n.
func fullRow(id int64, event, created int, n int64) onlinestore.WriteRow {
	return wrow(driverKey(id), at(event), at(created), types.Int64Value(n), types.StringValue(fmt.Sprintf("label %d", n)),
		types.Float64ListValue([]float64{float64(n), 0.5}))
}

// withNulls returns r with the values at idx set to null.
func withNulls(r onlinestore.WriteRow, idx ...int) onlinestore.WriteRow {
	r.Values = append([]types.Value(nil), r.Values...)
	for _, i := range idx {
		r.Values[i] = types.Null()
	}
	return r
}

// expectNullRows compares rows and explains a value where a null belongs
// (gotValue) and a null where a value belongs (gotNull).
func (e *env) expectNullRows(label string, keys []types.EntityKey, got, want []onlinestore.ReadRow, gotNull, gotValue string) {
	e.Helper()
	for i := range want {
		d := diffRow(nullableFeatures, got[i], want[i])
		if d == "" {
			continue
		}
		explained := false
		if got[i].Found && want[i].Found && len(got[i].Values) == len(want[i].Values) {
			for f, w := range want[i].Values {
				g := got[i].Values[f]
				switch {
				case w.IsNull() && !g.IsNull():
					e.Errorf("%s: key %s: %s = %s, want null: %s", label, keys[i], nullableFeatures[f], g, gotValue)
					explained = true
				case !w.IsNull() && g.IsNull():
					e.Errorf("%s: key %s: %s = null, want %s: %s", label, keys[i], nullableFeatures[f], w, gotNull)
					explained = true
				}
			}
		}
		if explained {
			d = "the whole difference: " + d
		}
		e.Errorf("%s: key %s: %s", label, keys[i], d)
	}
}

// checkNewerNull writes values, then newer rows with nulls: the nulls are
// what is stored now, and the host reports NULL_VALUE.
func checkNewerNull(e *env) {
	e.apply(nullableView)
	keys := []types.EntityKey{driverKey(1), driverKey(2), driverKey(3)}
	e.write(nullableView.Name, nullableFeatures, fullRow(1, 10, 10, 7), fullRow(2, 10, 10, 8))
	allNull := withNulls(fullRow(1, 20, 20, 0), 0, 1, 2)
	someNull := withNulls(fullRow(2, 20, 20, 9), 0) // trips null, the others new
	e.write(nullableView.Name, nullableFeatures, allNull, someNull)
	// In one batch, the newer null row first.
	inBatch := withNulls(fullRow(3, 20, 20, 0), 1, 2)
	e.write(nullableView.Name, nullableFeatures, inBatch, fullRow(3, 10, 10, 5))
	got := e.read(nullableView.Name, nullableFeatures, keys...)
	const rule = "a null in a newer row is the feature's value now (unknown), not \"leave it unchanged\"; it replaces the older value"
	e.expectNullRows("after newer rows with nulls", keys, got, []onlinestore.ReadRow{found(allNull), found(someNull), found(inBatch)},
		"the newer row's value replaces the older one", rule)
	for r, w := range []onlinestore.WriteRow{allNull, someNull, inBatch} {
		for f, v := range w.Values {
			st := onlinestore.ValueStatus(got[r], f, 0, at(30))
			if want := map[bool]onlinestore.Status{true: onlinestore.StatusNullValue, false: onlinestore.StatusPresent}[v.IsNull()]; st != want {
				e.Errorf("key %s feature %s: the host would report %s, want %s", keys[r], nullableFeatures[f], st, want)
			}
		}
	}
}

// checkOlderNull writes values, then older rows with nulls: the values stay.
func checkOlderNull(e *env) {
	e.apply(nullableView)
	keys := []types.EntityKey{driverKey(1), driverKey(2), driverKey(3)}
	newer1, newer2 := fullRow(1, 20, 20, 7), fullRow(2, 20, 20, 8)
	e.write(nullableView.Name, nullableFeatures, newer1, newer2)
	e.write(nullableView.Name, nullableFeatures, withNulls(fullRow(1, 10, 30, 0), 0, 1, 2), // older event, newer created
		withNulls(fullRow(2, 20, 19, 0), 1)) // same event, older created
	// In one batch, the older null row last.
	newer3 := fullRow(3, 20, 20, 9)
	e.write(nullableView.Name, nullableFeatures, newer3, withNulls(fullRow(3, 10, 10, 0), 0, 2))
	got := e.read(nullableView.Name, nullableFeatures, keys...)
	e.expectNullRows("after older rows with nulls", keys, got, []onlinestore.ReadRow{found(newer1), found(newer2), found(newer3)},
		"an older row loses whole, nulls included: a store must not apply its nulls (e.g. as field deletions) outside the timestamp check",
		"the newer row's values must stay")
}

// listView has one feature per list type and a string and bytes feature,
// each of which may be empty.
var listView = viewSpec("lists", field("ints", types.Int64List), field("strings", types.StringList),
	field("floats", types.Float32List), field("bytes_list", types.BytesList), field("s", types.String), field("b", types.Bytes))

// listRow returns a row of listView: empty values when empty, else values from n.
func listRow(event int, empty bool, n int) onlinestore.WriteRow {
	if empty {
		return wrow(driverKey(1), at(event), at(event), types.Int64ListValue([]int64{}), types.StringListValue([]string{}),
			types.Float32ListValue([]float32{}), types.BytesListValue([][]byte{}), types.StringValue(""), types.BytesValue([]byte{}))
	}
	return wrow(driverKey(1), at(event), at(event), types.Int64ListValue([]int64{int64(n), int64(n) + 1}),
		types.StringListValue([]string{fmt.Sprint(n)}), types.Float32ListValue([]float32{float32(n) / 2}),
		types.BytesListValue([][]byte{{byte(n)}}), types.StringValue(fmt.Sprint(n)), types.BytesValue([]byte{byte(n), 0}))
}

// checkEmptyListOverwrite overwrites lists with empty lists, and back.
func checkEmptyListOverwrite(e *env) {
	e.apply(listView)
	names := fieldNames(listView)
	key := []types.EntityKey{driverKey(1)}
	for i, st := range []struct {
		event int
		empty bool
		what  string
	}{{10, false, "values"}, {20, true, "empty values over values"}, {30, false, "values over empty values"}, {40, true, "empty values again"}} {
		w := listRow(st.event, st.empty, i+1)
		e.write(listView.Name, names, w)
		got := e.read(listView.Name, names, key...)
		if d := diffRow(names, got[0], found(w)); d != "" {
			rule := "a newer row replaces every value"
			if st.empty {
				rule = "an empty list (or string, or bytes) is a value, neither null nor \"leave it unchanged\": it must come back empty"
			}
			e.Errorf("after writing %s: %s: %s", st.what, d, rule)
		}
	}
}
