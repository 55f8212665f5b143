package conformance

import (
	"fmt"
	"sync"
	"time"

	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// Racing writers: in every round, raceWriters goroutines are released at
// once on the same raceKeys fresh keys; each writes one row per key with
// its own event time (the writer holding the newest one changes from key
// to key and round to round), then a row older than every other of the
// round. A store that reads the stored timestamps and writes in two steps
// loses some of these races.
const (
	raceWriters   = 8
	raceKeys      = 4
	raceMaxRounds = 48
	raceMinRounds = 6
	raceBudget    = 20 * time.Second // rounds stop after this, once raceMinRounds are done
)

// raceView is the view the writers race on; a row's values say who wrote
// it with which event time.
var (
	raceView     = viewSpec("racing", field("writer", types.Int32), field("event_s", types.Int64))
	raceFeatures = []string{"writer", "event_s"}
)

// raceEvent is the event second of writer w's row of key k in round r:
// writers get 1..raceWriters in an order that changes with k and r, after
// the round's stale event, r*100.
func raceEvent(r, k, w int) int { return r*100 + 1 + (w+3*r+5*k)%raceWriters }

// raceRow is a row of raceView.
func raceRow(id int64, w, event int) onlinestore.WriteRow {
	return wrow(driverKey(id), at(event), at(event), types.Int32Value(int32(w)), types.Int64Value(int64(event)))
}

// checkRacingWriters runs the rounds, then reads every key once and
// expects the newest row of its round.
func checkRacingWriters(e *env) {
	e.apply(raceView)
	start := time.Now()
	rounds := 0
	for r := range raceMaxRounds {
		if r >= raceMinRounds && time.Since(start) > raceBudget {
			break
		}
		release := make(chan struct{})
		var wg sync.WaitGroup
		failed := make(chan error, raceWriters)
		for w := range raceWriters {
			wg.Go(func() {
				<-release
				if err := raceWrite(e, r, w); err != nil {
					failed <- err
				}
			})
		}
		close(release)
		wg.Wait()
		close(failed)
		for err := range failed {
			e.Fatalf("round %d: %v", r, err)
		}
		rounds++
	}
	keys := make([]types.EntityKey, 0, rounds*raceKeys)
	for r := range rounds {
		for k := range raceKeys {
			keys = append(keys, driverKey(int64(r*raceKeys+k)))
		}
	}
	got := e.read(raceView.Name, raceFeatures, keys...)
	lost := 0
	for i, k := range keys {
		r, kk := i/raceKeys, i%raceKeys
		newest := r*100 + raceWriters
		w := 0
		for ; raceEvent(r, kk, w) != newest; w++ {
		}
		want := found(raceRow(int64(i), w, newest))
		d := diffRow(raceFeatures, got[i], want)
		if d == "" {
			continue
		}
		if lost++; lost > 3 {
			continue
		}
		if got[i].Found && len(got[i].Values) == 2 {
			e.Errorf("round %d, key %s: holds writer %s's row of event second %s, but writer %d wrote a newer one (second %d) at the same time: "+
				"newer-wins must hold between concurrent writers; a store that reads the stored timestamps and then writes, in two steps, "+
				"lets an older row overwrite a newer one (compare and write atomically: a server-side script, a transaction, a conditional write)",
				r, k, got[i].Values[0], got[i].Values[1], w, newest)
			continue
		}
		e.Errorf("round %d, key %s: %s", r, k, d)
	}
	if lost > 0 {
		e.Errorf("%d of %d keys lost a race in %d rounds of %d concurrent writers", lost, len(keys), rounds, raceWriters)
	}
}

// raceWrite is writer w's part of round r: its rows of the round's keys in
// one call, then a stale row of each in another.
func raceWrite(e *env, r, w int) error {
	rows := make([]onlinestore.WriteRow, raceKeys)
	stale := make([]onlinestore.WriteRow, raceKeys)
	for k := range rows {
		id := int64(r*raceKeys + k)
		rows[k] = raceRow(id, w, raceEvent(r, k, w))
		stale[k] = raceRow(id, w, r*100)
	}
	for _, batch := range [][]onlinestore.WriteRow{rows, stale} {
		if _, err := e.online().WriteBatch(e.ctx(), &onlinestore.WriteBatchRequest{Project: e.project,
			FeatureView: raceView.Name, FeatureNames: raceFeatures, Rows: batch}); err != nil {
			return fmt.Errorf("writer %d: WriteBatch: %w", w, err)
		}
	}
	return nil
}
