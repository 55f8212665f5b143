package redisstore

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/quiverfs/quiver/conformance"
	"github.com/quiverfs/quiver/plugins/redis/feastfmt"
	"github.com/quiverfs/quiver/plugins/redis/internal/redistest"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
)

// naiveStore is the store with its write script replaced by the classic
// mistake: each row reads the stored timestamps (HMGET), compares them in
// Go, then writes (HSET), in two round trips. Alone, a writer gets every
// newer-wins rule right; two writers of one key can both read the old
// timestamps, and the older row lands last.
type naiveStore struct{ *Store }

// WriteBatch writes the rows one by one, read then write.
func (s naiveStore) WriteBatch(ctx context.Context, req *onlinestore.WriteBatchRequest) (*onlinestore.WriteBatchResponse, error) {
	c, err := s.conn()
	if err != nil {
		return nil, err
	}
	eventField, createdField := feastfmt.EventField(req.FeatureView), feastfmt.CreatedField(req.FeatureView)
	for _, r := range req.Rows {
		if len(r.Values) != len(req.FeatureNames) {
			return nil, storeerr.InvalidArgument("row %s has %d values for %d features", r.EntityKey, len(r.Values), len(req.FeatureNames))
		}
		key, err := feastfmt.AppendRedisKey(nil, r.EntityKey, req.Project)
		if err != nil {
			return nil, storeerr.InvalidArgument("%v", err)
		}
		cur, err := c.client.HMGet(ctx, string(key), eventField, createdField).Result()
		if err != nil {
			return nil, err
		}
		if stored, ok := cur[0].(string); ok {
			event, err := feastfmt.DecodeTimestamp([]byte(stored))
			if err != nil {
				return nil, err
			}
			var created time.Time
			if cts, ok := cur[1].(string); ok {
				if created, err = feastfmt.DecodeTimestamp([]byte(cts)); err != nil {
					return nil, err
				}
			}
			if event.After(r.EventTimestamp) || event.Equal(r.EventTimestamp) && created.After(r.CreatedTimestamp) {
				continue // the stored row is newer
			}
		}
		args := []any{eventField, feastfmt.AppendTimestamp(nil, r.EventTimestamp)}
		if !r.CreatedTimestamp.IsZero() {
			args = append(args, createdField, feastfmt.AppendTimestamp(nil, r.CreatedTimestamp))
		}
		for i, f := range req.FeatureNames {
			args = append(args, feastfmt.FeatureField(req.FeatureView, f), feastfmt.AppendValue(nil, r.Values[i]))
		}
		if err := c.client.HSet(ctx, string(key), args...).Err(); err != nil {
			return nil, err
		}
		if r.CreatedTimestamp.IsZero() {
			if err := c.client.HDel(ctx, string(key), createdField).Err(); err != nil {
				return nil, err
			}
		}
	}
	return &onlinestore.WriteBatchResponse{RowsReceived: int64(len(req.Rows))}, nil
}

// racingCase is the conformance case of writers racing on the same keys.
const racingCase = "OnlineStore/WriteBatch/should keep the newest row when writers race on the same keys"

// TestRacingWritersCaseCatchesANaiveWrite runs the racing writers case
// against the real store, which passes with its atomic script, and against
// naiveStore, which must fail it while it passes the cases of one writer.
func TestRacingWritersCaseCatchesANaiveWrite(t *testing.T) {
	addr := redistest.Addr(t)
	sequential := []string{
		"OnlineStore/WriteBatch/should not overwrite a newer row with an older one",
		"OnlineStore/WriteBatch/should keep the newest row of one batch whatever the order",
		"OnlineStore/WriteBatch/should let the newer created timestamp win on equal event time",
		"OnlineStore/WriteBatch/should let a row with an equal (event, created) pair replace the stored row",
		"OnlineStore/WriteBatch/should not let an older null replace a newer value",
	}
	run := func(store onlinestore.Store, names ...string) map[string]conformance.Result {
		t.Helper()
		cfg := conformance.NewConfig()
		cfg.Online, cfg.Direct, cfg.ProjectPrefix = store, true, "conf_naive_"
		cfg.StoreConfig = json.RawMessage(fmt.Sprintf(`{"address": %q}`, addr))
		results, err := conformance.RunCases(t.Context(), cfg, conformance.Options{Match: func(n string) bool {
			for _, m := range names {
				if n == m {
					return true
				}
			}
			return false
		}})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]conformance.Result{}
		for _, r := range results {
			out[r.Name] = r
		}
		if len(out) != len(names) {
			t.Fatalf("ran %d cases of %d: %v", len(out), len(names), results)
		}
		return out
	}
	real := New()
	t.Cleanup(func() { _ = real.Close() })
	if r := run(real, racingCase)[racingCase]; r.Status != conformance.StatusPass {
		t.Errorf("the real store (write script): %s %s, want PASS", r.Status, r.Message)
	} else {
		t.Logf("the real store passes in %s", r.Duration.Round(time.Millisecond))
	}
	naive := naiveStore{New()}
	t.Cleanup(func() { _ = naive.Close() })
	results := run(naive, append(sequential, racingCase)...)
	r := results[racingCase]
	if r.Status != conformance.StatusFail || !strings.Contains(r.Message, "newer-wins must hold between concurrent writers") {
		t.Errorf("the naive store (HMGET then HSET): %s %q, want FAIL saying newer-wins must hold between concurrent writers", r.Status, r.Message)
	} else {
		t.Logf("the naive store fails in %s: %s", r.Duration.Round(time.Millisecond), lastFailure(r.Message))
	}
	for _, name := range sequential {
		if r := results[name]; r.Status != conformance.StatusPass {
			t.Errorf("the naive store fails %q (%s), which one writer at a time should pass: the variant is broken in another way", name, r.Message)
		}
	}
}

// lastFailure is the last failure of a case's message: the racing case
// ends with how many keys lost a race.
func lastFailure(m string) string {
	if i := strings.LastIndex(m, "; "); i >= 0 {
		return m[i+2:]
	}
	return m
}
