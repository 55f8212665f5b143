package cassandrastore_test

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/quiverfs/quiver/plugins/cassandra/cassandrastore"
	"github.com/quiverfs/quiver/sdk/codec"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// TestConcurrentWritersKeepTheNewestPair races writers on a few keys with
// random (event, created) pairs, many equal in event and some equal in
// both, and then writes a late row older than everything: each key must
// hold the value of its greatest pair (of equal greatest pairs, one of
// them), whatever the order the writes landed in. Each write carries a row
// for every key, so that write_batch_rows groups them.
func TestConcurrentWritersKeepTheNewestPair(t *testing.T) {
	for _, rows := range []int{1, 3} {
		t.Run(fmt.Sprintf("write_batch_rows=%d", rows), func(t *testing.T) {
			raceWriters(t, newStore(t, testAddr(t), map[string]any{"write_batch_rows": rows}))
		})
	}
}

func raceWriters(t *testing.T, s *cassandrastore.Store) {
	project := fmt.Sprintf("race_%d", time.Now().UnixNano()%1e9)
	v := statsView("race", types.Field{Name: "writer", Type: types.String}, types.Field{Name: "n", Type: types.Int64})
	apply(t, s, project, v)
	t.Cleanup(func() { teardown(t, s, project) })
	names := []string{"writer", "n"}
	const writers, perWriter, keys = 6, 30, 5
	type pair struct{ event, created int }
	var mu sync.Mutex
	best := map[int64]pair{}
	bestValues := map[int64]map[string]bool{} // writer names that wrote the best pair
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w), 7))
			for i := range perWriter {
				var rows []onlinestore.WriteRow
				pairs := make([]pair, keys)
				for k := range keys {
					p := pair{event: rng.IntN(8), created: rng.IntN(3)}
					pairs[k] = p
					rows = append(rows, onlinestore.WriteRow{EntityKey: driver(int64(k)), EventTimestamp: base.Add(time.Duration(p.event) * time.Second),
						CreatedTimestamp: base.Add(time.Duration(p.created) * time.Second),
						Values:           []types.Value{types.StringValue(fmt.Sprintf("w%d-%d", w, i)), types.Int64Value(int64(i))}})
				}
				if err := write(t, s, project, v.Name, names, rows...); err != nil {
					errs <- err
					return
				}
				mu.Lock()
				for k, p := range pairs {
					name := fmt.Sprintf("w%d-%d", w, i)
					b, ok := best[int64(k)]
					switch {
					case !ok || p.event > b.event || p.event == b.event && p.created > b.created:
						best[int64(k)] = p
						bestValues[int64(k)] = map[string]bool{name: true}
					case p == b:
						bestValues[int64(k)][name] = true
					}
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("WriteBatch: %v", err)
	}
	// A late row older than every pair written changes nothing.
	for k := range int64(keys) {
		late := onlinestore.WriteRow{EntityKey: driver(k), EventTimestamp: base.Add(-time.Hour), CreatedTimestamp: base.Add(time.Hour),
			Values: []types.Value{types.StringValue("late"), types.Int64Value(-1)}}
		if err := write(t, s, project, v.Name, names, late); err != nil {
			t.Fatalf("WriteBatch late: %v", err)
		}
	}
	// Older rows are deleted, and late ones land deleted: one live row per
	// partition, so that searches, which see every live row, see no stale one.
	sess := session(t)
	for k := range int64(keys) {
		var n int
		err := sess.Query(`SELECT count(*) FROM "`+testKeyspace+`"."`+cassandrastore.TableName(project, v.Name)+`" WHERE quiver_key = ?`,
			codec.EncodeEntityKey(driver(k))).Scan(&n)
		if err != nil {
			t.Fatalf("counting rows: %v", err)
		}
		if _, raced := best[k]; raced && n != 1 {
			t.Errorf("key %d: %d live rows in its partition, want 1 (older rows must be deleted, late older rows must land deleted)", k, n)
		}
	}
	for k := range int64(keys) {
		got := read(t, s, project, v.Name, names, driver(k))[0]
		b, ok := best[k]
		if !ok {
			if got.Found && got.Values[0].Str() != "late" {
				t.Errorf("key %d: never raced on, found %v", k, got.Values)
			}
			continue
		}
		wantEvent := base.Add(time.Duration(b.event) * time.Second)
		wantCreated := base.Add(time.Duration(b.created) * time.Second)
		switch {
		case !got.Found:
			t.Errorf("key %d: not found", k)
		case !got.EventTimestamp.Equal(wantEvent) || !got.CreatedTimestamp.Equal(wantCreated):
			t.Errorf("key %d: stored pair (%s, %s), want the greatest written (%s, %s)", k,
				got.EventTimestamp.Format(time.TimeOnly), got.CreatedTimestamp.Format(time.TimeOnly),
				wantEvent.Format(time.TimeOnly), wantCreated.Format(time.TimeOnly))
		case !bestValues[k][got.Values[0].Str()]:
			t.Errorf("key %d: value written by %s, want one of the writers of the greatest pair %v", k, got.Values[0].Str(), bestValues[k])
		}
	}
}

// TestEqualPairReplacesAndOlderDoesNot checks, one write after the other,
// that an equal (event, created) pair replaces the stored row (nulls
// included), that a newer created time wins on an equal event time, and
// that neither an older event nor an older created time does.
func TestEqualPairReplacesAndOlderDoesNot(t *testing.T) {
	s := newStore(t, testAddr(t), nil)
	project := fmt.Sprintf("seq_%d", time.Now().UnixNano()%1e9)
	v := statsView("seq", types.Field{Name: "s", Type: types.String}, types.Field{Name: "l", Type: types.Int64List})
	apply(t, s, project, v)
	t.Cleanup(func() { teardown(t, s, project) })
	names := []string{"s", "l"}
	row := func(event, created int, s types.Value, l types.Value) onlinestore.WriteRow {
		return onlinestore.WriteRow{EntityKey: driver(1), EventTimestamp: base.Add(time.Duration(event) * time.Second),
			CreatedTimestamp: base.Add(time.Duration(created) * time.Second), Values: []types.Value{s, l}}
	}
	steps := []struct {
		row   onlinestore.WriteRow
		wantS types.Value
		wantL types.Value
	}{
		{row(10, 5, types.StringValue("a"), types.Int64ListValue([]int64{1})), types.StringValue("a"), types.Int64ListValue([]int64{1})},
		{row(10, 5, types.StringValue(""), types.Int64ListValue(nil)), types.StringValue(""), types.Int64ListValue(nil)},
		{row(10, 5, types.Null(), types.Null()), types.Null(), types.Null()},
		{row(10, 6, types.StringValue("created wins"), types.Null()), types.StringValue("created wins"), types.Null()},
		{row(10, 4, types.StringValue("older created"), types.Null()), types.StringValue("created wins"), types.Null()},
		{row(9, 99, types.StringValue("older event"), types.Null()), types.StringValue("created wins"), types.Null()},
		{row(11, 0, types.StringValue("newer event"), types.Int64ListValue([]int64{})), types.StringValue("newer event"), types.Int64ListValue([]int64{})},
	}
	for i, st := range steps {
		if err := write(t, s, project, v.Name, names, st.row); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		got := read(t, s, project, v.Name, names, driver(1))[0]
		if !got.Found || !got.Values[0].Equal(st.wantS) || !got.Values[1].Equal(st.wantL) {
			t.Fatalf("step %d: read %v (found %v), want [%s %s]", i, got.Values, got.Found, st.wantS, st.wantL)
		}
	}
}
