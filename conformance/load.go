package conformance

import (
	"fmt"
	"strings"
	"sync"

	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// loadCases check large batches and concurrent use.
func loadCases() []testCase {
	return []testCase{
		{name: "OnlineStore/WriteBatch/should accept one call of more than 4 MiB", run: checkLargeBatch},
		{name: "OnlineStore/WriteBatch/should stay consistent under concurrent readers and writers", run: checkConcurrency},
	}
}

// checkLargeBatch writes about 6 MiB in one WriteBatch call, then reads
// every row back in one Read call.
func checkLargeBatch(e *env) {
	const rows, payload = 6000, 1024
	v := viewSpec("large", field("payload", types.String), field("n", types.Int64))
	e.apply(v)
	names := fieldNames(v)
	batch := make([]onlinestore.WriteRow, rows)
	keys := make([]types.EntityKey, rows)
	want := make([]onlinestore.ReadRow, rows)
	for i := range batch {
		p := fmt.Sprintf("%06d", i) + strings.Repeat("x", payload-6)
		keys[i] = driverKey(int64(i))
		batch[i] = wrow(keys[i], at(i), at(i), types.StringValue(p), types.Int64Value(int64(i)))
		want[i] = found(batch[i])
	}
	resp, err := e.online().WriteBatch(e.ctx(), &onlinestore.WriteBatchRequest{
		Project: e.project, FeatureView: v.Name, FeatureNames: names, Rows: batch})
	e.must(err, "WriteBatch of 6000 rows (about 6 MiB)")
	if resp.RowsReceived != rows {
		e.Errorf("WriteBatch: RowsReceived = %d, want %d", resp.RowsReceived, rows)
	}
	got := e.read(v.Name, names, keys...)
	bad := 0
	for i := range want {
		if d := diffRow(names, got[i], want[i]); d != "" {
			if bad++; bad <= 3 {
				e.Errorf("row %d: %s", i, shorten(d, 200))
			}
		}
	}
	if bad > 3 {
		e.Errorf("%d rows differ in all", bad)
	}
}

// shorten cuts s to at most n bytes.
func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// Concurrency bounds: writers x ops and readers x ops over a few keys.
const (
	concWriters = 4
	concReaders = 4
	concOps     = 200
	concKeys    = 16
	concPerOp   = 4
)

// concEvent is the event second of writer w's op i: unique over all writes.
func concEvent(w, i int) int { return i*concWriters + w + 1 }

// concKey is the k-th key written by writer w's op i.
func concKey(w, i, k int) int64 { return int64((w*7 + i*3 + k*5) % concKeys) }

// checkConcurrency runs writers and readers at once: no call may fail, every
// row read must be one that was written whole, and the final state must hold
// the newest row of every key.
func checkConcurrency(e *env) {
	v := viewSpec("concurrent", field("event_s", types.Int64), field("writer", types.Int32))
	e.apply(v)
	names := fieldNames(v)
	keys := make([]types.EntityKey, concKeys)
	for i := range keys {
		keys[i] = driverKey(int64(i))
	}
	var wg sync.WaitGroup
	for w := range concWriters {
		wg.Go(func() { concWrite(e, v.Name, names, w) })
	}
	for range concReaders {
		wg.Go(func() { concRead(e, v.Name, names, keys) })
	}
	wg.Wait()
	newest := map[int64]onlinestore.WriteRow{}
	for w := range concWriters {
		for i := range concOps {
			for k := range concPerOp {
				r := concRow(w, i, k)
				if old, ok := newest[concKey(w, i, k)]; !ok || r.EventTimestamp.After(old.EventTimestamp) {
					newest[concKey(w, i, k)] = r
				}
			}
		}
	}
	want := make([]onlinestore.ReadRow, concKeys)
	for i := range want {
		if r, ok := newest[int64(i)]; ok {
			want[i] = found(r)
		}
	}
	e.expectRows("final state", names, keys, e.read(v.Name, names, keys...), want)
}

// concRow is the k-th row of writer w's op i; its values encode its event.
func concRow(w, i, k int) onlinestore.WriteRow {
	ev := concEvent(w, i)
	return wrow(driverKey(concKey(w, i, k)), at(ev), at(ev), types.Int64Value(int64(ev)), types.Int32Value(int32(w)))
}

func concWrite(e *env, view string, names []string, w int) {
	for i := range concOps {
		rows := make([]onlinestore.WriteRow, concPerOp)
		for k := range rows {
			rows[k] = concRow(w, i, k)
		}
		_, err := e.online().WriteBatch(e.ctx(), &onlinestore.WriteBatchRequest{
			Project: e.project, FeatureView: view, FeatureNames: names, Rows: rows})
		if err != nil {
			e.Errorf("writer %d, op %d: WriteBatch: %v", w, i, err)
			return
		}
	}
}

func concRead(e *env, view string, names []string, keys []types.EntityKey) {
	for i := range concOps {
		resp, err := e.online().Read(e.ctx(), &onlinestore.ReadRequest{Project: e.project,
			Views: []onlinestore.ReadView{{FeatureView: view, Features: names, EntityKeys: keys}}})
		if err != nil {
			e.Errorf("reader op %d: Read: %v", i, err)
			return
		}
		if len(resp.Views) != 1 || len(resp.Views[0]) != len(keys) {
			e.Errorf("reader op %d: Read answered %d views", i, len(resp.Views))
			return
		}
		for j, r := range resp.Views[0] {
			if !r.Found {
				continue
			}
			ev := int(r.EventTimestamp.Sub(baseTime).Seconds())
			w := (ev - 1) % concWriters
			want := wrow(keys[j], at(ev), at(ev), types.Int64Value(int64(ev)), types.Int32Value(int32(w)))
			if d := diffRow(names, r, found(want)); d != "" {
				e.Errorf("reader op %d, key %d: a row that was never written whole: %s", i, j, d)
				return
			}
		}
	}
}
