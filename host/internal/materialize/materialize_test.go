package materialize

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/quiverfs/quiver/host/internal/featurestore"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// cancelAfter is a Progress that cancels the run after its first Add.
type cancelAfter struct {
	cancel context.CancelFunc
	rows   int64
}

func (c *cancelAfter) Start(string, time.Time, time.Time) {}
func (c *cancelAfter) Add(n int64)                        { c.rows += n; c.cancel() }
func (c *cancelAfter) Done(ViewResult)                    {}

// onlineRow is what the online store holds for one user.
type onlineRow struct {
	found  bool
	points string
	level  string
	event  time.Time
}

// dump reads every user of the scores view from the online store.
func dump(t *testing.T, fs *featurestore.FeatureStore, users int) []onlineRow {
	t.Helper()
	ctx := context.Background()
	online, err := fs.Online(ctx)
	if err != nil {
		t.Fatal(err)
	}
	keys := make([]types.EntityKey, users)
	for u := range keys {
		keys[u] = types.EntityKey{{JoinKey: "user_id", Value: types.Int64Value(int64(u))}}
	}
	resp, err := online.Read(ctx, &onlinestore.ReadRequest{Project: fs.Project(), Views: []onlinestore.ReadView{
		{FeatureView: "scores", Features: []string{"points", "level"}, EntityKeys: keys}}})
	if err != nil {
		t.Fatal(err)
	}
	out := make([]onlineRow, users)
	for u, r := range resp.Views[0] {
		out[u] = onlineRow{found: r.Found, event: r.EventTimestamp}
		if r.Found {
			out[u].points, out[u].level = r.Values[0].String(), r.Values[1].String()
		}
	}
	return out
}

func TestInterruptedRunThenRerunEqualsCleanRun(t *testing.T) {
	const users, hours = 300, 4
	end := t0.Add(hours * time.Hour)
	req := Request{Start: t0, End: end}

	interrupted := newRepo(t, "interrupted", "0", users, hours)
	ctx, cancel := context.WithCancel(context.Background())
	prog := &cancelAfter{cancel: cancel}
	m := &Materializer{FS: interrupted, BatchRows: 7, Progress: func() Progress { return prog }}
	if _, err := m.Run(ctx, req); !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted run: err = %v, want context.Canceled", err)
	}
	partial := 0
	for _, r := range dump(t, interrupted, users) {
		if r.found {
			partial++
		}
	}
	if partial == 0 || partial >= users {
		t.Fatalf("the interrupted run left %d of %d users online; the test needs a partial state", partial, users)
	}
	if ivs, _ := interrupted.Registry.Materialized(context.Background(), "interrupted", "scores"); len(ivs) != 0 {
		t.Errorf("an interrupted run recorded intervals %v", ivs)
	}
	m = &Materializer{FS: interrupted, BatchRows: 7}
	if _, err := m.Run(context.Background(), req); err != nil {
		t.Fatal(err)
	}

	clean := newRepo(t, "clean", "0", users, hours)
	res, err := (&Materializer{FS: clean}).Run(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Views) != 1 || res.Views[0].Rows != users {
		t.Errorf("clean run result %+v, want %d rows", res.Views, users)
	}
	got, want := dump(t, interrupted, users), dump(t, clean, users)
	for u := range want {
		if got[u] != want[u] {
			t.Errorf("user %d: interrupted+rerun %+v, clean %+v", u, got[u], want[u])
		}
	}
	// Spot-check the clean state against the source: the hour-3 row, mapped
	// raw_score -> score -> points, with a null level (odd hour).
	wantRow := onlineRow{found: true, points: fmt.Sprint(float64(5*100 + 3)), level: "null", event: t0.Add(3 * time.Hour)}
	if want[5] != wantRow {
		t.Errorf("user 5: %+v, want %+v", want[5], wantRow)
	}
	if ivs, _ := interrupted.Registry.Materialized(context.Background(), "interrupted", "scores"); len(ivs) != 1 ||
		!ivs[0].Start.Equal(t0) || !ivs[0].End.Equal(end) {
		t.Errorf("recorded intervals %v", ivs)
	}
}

func TestIncrementalWindows(t *testing.T) {
	tests := []struct {
		ttl       string
		wantStart time.Time
	}{
		{"0", t0}, // the oldest source row
		{"2h", t0.Add(10*time.Hour - 2*time.Hour)}, // END minus ttl
	}
	for _, tt := range tests {
		t.Run("ttl "+tt.ttl, func(t *testing.T) {
			fs := newRepo(t, "inc", tt.ttl, 3, 6)
			end := t0.Add(10 * time.Hour)
			m := &Materializer{FS: fs}
			res, err := m.Run(context.Background(), Request{End: end, Incremental: true})
			if err != nil {
				t.Fatal(err)
			}
			if v := res.Views[0]; !v.Start.Equal(tt.wantStart) || !v.End.Equal(end) {
				t.Errorf("first window [%s, %s), want [%s, %s)", v.Start, v.End, tt.wantStart, end)
			}
			later := end.Add(time.Hour)
			res, err = m.Run(context.Background(), Request{End: later, Incremental: true})
			if err != nil {
				t.Fatal(err)
			}
			if v := res.Views[0]; !v.Start.Equal(end) || !v.End.Equal(later) || v.Rows != 0 {
				t.Errorf("second window %+v, want [%s, %s) with no rows", v, end, later)
			}
			res, err = m.Run(context.Background(), Request{End: later, Incremental: true})
			if err != nil || !res.Views[0].UpToDate {
				t.Errorf("third run: %+v, %v; want up to date", res, err)
			}
		})
	}
}
