package redisstore_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/quiverfs/quiver/plugins/redis/feastfmt"
	"github.com/quiverfs/quiver/plugins/redis/internal/redistest"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

var t0 = time.Date(2025, 1, 2, 3, 4, 5, 678901000, time.UTC)

// TestNewerWinsUnderConcurrentWriters races writers, each with its own
// connection pool, over the same keys with every (event, created) order;
// the stored row must be the greatest pair written.
func TestNewerWinsUnderConcurrentWriters(t *testing.T) {
	t.Parallel()
	s, project := sharedStore(t)
	const writers, rounds, keys = 6, 40, 8
	var wg sync.WaitGroup
	for w := range writers {
		ws := newStore(t, redistest.Addr(t), "")
		wg.Go(func() {
			for r := range rounds {
				// Events climb and fall; created breaks ties between writers.
				ev := t0.Add(time.Duration((r*7+w*3)%rounds) * time.Second)
				cr := t0.Add(time.Duration(w) * time.Millisecond)
				var rows []onlinestore.WriteRow
				for k := range keys {
					rows = append(rows, onlinestore.WriteRow{EntityKey: driverKey(int64(k)), EventTimestamp: ev, CreatedTimestamp: cr,
						Values: []types.Value{types.Float64Value(float64(w*1000 + r))}})
				}
				if _, err := ws.WriteBatch(context.Background(), &onlinestore.WriteBatchRequest{Project: project,
					FeatureView: "race", FeatureNames: []string{"x"}, Rows: rows}); err != nil {
					t.Errorf("writer %d: %v", w, err)
					return
				}
			}
		})
	}
	wg.Wait()
	// The greatest event is rounds-1 seconds; among writers reaching it, the greatest created wins.
	best, bestW := -1, -1
	for w := range writers {
		for r := range rounds {
			if (r*7+w*3)%rounds == rounds-1 && w > bestW {
				best, bestW = r, w
			}
		}
	}
	for k, row := range mustRead(t, s, project, "race", []string{"x"}, keysUpTo(keys)...) {
		want := float64(bestW*1000 + best)
		if !row.Found || row.Values[0].Float64() != want || !row.EventTimestamp.Equal(t0.Add(time.Duration(rounds-1)*time.Second)) {
			t.Errorf("key %d: %+v, want x=%v from writer %d", k, row, want, bestW)
		}
	}
}

func keysUpTo(n int) []types.EntityKey {
	out := make([]types.EntityKey, n)
	for i := range out {
		out[i] = driverKey(int64(i))
	}
	return out
}

// TestApplyInfraDeletesOnlyTheViewWithScan deletes one of two views sharing
// hashes, on a server of the test's own whose command statistics show SCAN
// and HDEL but never KEYS, HGETALL or HKEYS; a project whose name ends like
// this one keeps its data.
func TestApplyInfraDeletesOnlyTheViewWithScan(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	s := newStore(t, srv.Addr, "")
	ctx := context.Background()
	a, b := view("view_a", "x"), view("view_b", "x", "y")
	for _, project := range []string{"shop", "myshop"} {
		for _, v := range []types.FeatureViewSpec{a, b} {
			mustWrite(t, s, &onlinestore.WriteBatchRequest{Project: project, FeatureView: v.Name, FeatureNames: fieldNames(v),
				Rows: []onlinestore.WriteRow{row(1, len(v.Features)), row(2, len(v.Features))}})
		}
	}
	raw := redistest.Client(t, srv.Addr)
	if err := raw.ConfigResetStat(ctx).Err(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ApplyInfra(ctx, &onlinestore.ApplyInfraRequest{Project: "shop", ViewsToKeep: []types.FeatureViewSpec{a},
		ViewsToDelete: []types.FeatureViewSpec{b}}); err != nil {
		t.Fatal(err)
	}
	stats := raw.Info(ctx, "commandstats").Val()
	for _, bad := range []string{"cmdstat_keys:", "cmdstat_hgetall:", "cmdstat_hkeys:"} {
		if strings.Contains(stats, bad) {
			t.Errorf("ApplyInfra used %s\n%s", strings.TrimSuffix(bad, ":"), stats)
		}
	}
	for _, good := range []string{"cmdstat_scan:", "cmdstat_hdel:"} {
		if !strings.Contains(stats, good) {
			t.Errorf("ApplyInfra did not use %s\n%s", strings.TrimSuffix(good, ":"), stats)
		}
	}
	key, _ := feastfmt.AppendRedisKey(nil, driverKey(1), "shop")
	fields := raw.HKeys(ctx, string(key)).Val()
	if len(fields) != 3 || !strings.Contains(strings.Join(fields, ","), "_ts:view_a") {
		t.Errorf("hash of shop after deleting view_b has fields %q, want view_a's x, _ts and _cts", fields)
	}
	if got := mustRead(t, s, "shop", "view_b", []string{"x"}, driverKey(1))[0]; got.Found {
		t.Errorf("view_b still found after its deletion")
	}
	if got := mustRead(t, s, "myshop", "view_b", []string{"x"}, driverKey(1))[0]; !got.Found {
		t.Errorf("project myshop lost view_b when shop deleted it")
	}
}

func fieldNames(v types.FeatureViewSpec) []string {
	var out []string
	for _, f := range v.Features {
		out = append(out, f.Name)
	}
	return out
}

func row(id int64, n int) onlinestore.WriteRow {
	vals := make([]types.Value, n)
	for i := range vals {
		vals[i] = types.Float64Value(float64(id) + float64(i)/10)
	}
	return onlinestore.WriteRow{EntityKey: driverKey(id), Values: vals, EventTimestamp: t0, CreatedTimestamp: t0}
}

// TestFailsFastWhileRedisIsDownAndRecovers stops the test's own server:
// calls fail within the timeout as Unavailable naming the store; after a
// restart on the same port the next call succeeds on the same store.
func TestFailsFastWhileRedisIsDownAndRecovers(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	s := newStore(t, srv.Addr, `"dial_timeout": "300ms", "read_timeout": "300ms"`)
	v := view("v", "x")
	mustWrite(t, s, &onlinestore.WriteBatchRequest{Project: "p", FeatureView: "v", FeatureNames: fieldNames(v), Rows: []onlinestore.WriteRow{row(1, 1)}})
	srv.Stop()
	for _, call := range []func() error{
		func() error { _, err := s.Read(context.Background(), readReq()); return err },
		func() error {
			_, err := s.WriteBatch(context.Background(), &onlinestore.WriteBatchRequest{Project: "p", FeatureView: "v",
				FeatureNames: []string{"x"}, Rows: []onlinestore.WriteRow{row(1, 1)}})
			return err
		},
	} {
		start := time.Now()
		err := call()
		took := time.Since(start)
		if !errors.Is(err, storeerr.ErrUnavailable) || !strings.Contains(err.Error(), "redis online store") || !strings.Contains(err.Error(), srv.Addr) {
			t.Errorf("with Redis down: %v; want Unavailable naming the redis online store at %s", err, srv.Addr)
		}
		if took > 1500*time.Millisecond {
			t.Errorf("with Redis down the call took %s, want well under the 1.5 s bound", took)
		}
	}
	if h, _ := s.Health(context.Background(), &onlinestore.HealthRequest{}); h == nil || h.Serving {
		t.Errorf("Health with Redis down = %+v, want not serving", h)
	}
	srv.Restart()
	if _, err := s.Read(context.Background(), readReq()); err != nil {
		t.Fatalf("first Read after Redis came back: %v", err)
	}
	mustWrite(t, s, &onlinestore.WriteBatchRequest{Project: "p", FeatureView: "v", FeatureNames: []string{"x"}, Rows: []onlinestore.WriteRow{row(1, 1)}})
	if got := mustRead(t, s, "p", "v", []string{"x"}, driverKey(1)); !got[0].Found {
		t.Errorf("row written after the restart not found")
	}
}

func readReq() *onlinestore.ReadRequest {
	return &onlinestore.ReadRequest{Project: "p", Views: []onlinestore.ReadView{{FeatureView: "v", Features: []string{"x"}, EntityKeys: []types.EntityKey{driverKey(1)}}}}
}

// TestKeyTTLExpiresHashes sets key_ttl_seconds: each write sets the hash's
// TTL, and Redis drops the row when it runs out.
func TestKeyTTLExpiresHashes(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	s := newStore(t, srv.Addr, `"key_ttl_seconds": 1`)
	mustWrite(t, s, &onlinestore.WriteBatchRequest{Project: "p", FeatureView: "v", FeatureNames: []string{"x"}, Rows: []onlinestore.WriteRow{row(1, 1)}})
	key, _ := feastfmt.AppendRedisKey(nil, driverKey(1), "p")
	raw := redistest.Client(t, srv.Addr)
	if ttl := raw.PTTL(context.Background(), string(key)).Val(); ttl <= 0 || ttl > time.Second {
		t.Errorf("TTL after a write = %s, want (0, 1s]", ttl)
	}
	if !s.KeyTTL() {
		t.Errorf("KeyTTL() = false; the store advertises key TTL")
	}
	deadline := time.Now().Add(3 * time.Second)
	for mustRead(t, s, "p", "v", []string{"x"}, driverKey(1))[0].Found {
		if time.Now().After(deadline) {
			t.Fatal("row still found 3 s after a 1 s key TTL")
		}
		time.Sleep(100 * time.Millisecond)
	}
}
