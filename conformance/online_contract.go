package conformance

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// checkEqualPairReplaces writes rows whose (event, created) pair equals the
// stored one: each replaces it, with and without a created timestamp.
func checkEqualPairReplaces(e *env) {
	e.apply(statsView)
	for _, k := range []struct {
		id      int64
		created int // 0: no created timestamp
	}{{1, 20}, {2, 0}} {
		key := []types.EntityKey{driverKey(k.id)}
		var prev string
		for _, tag := range []string{"first", "second", "third"} {
			r := statsRow(k.id, 10, k.created, tag)
			if k.created == 0 {
				r.CreatedTimestamp = time.Time{}
			}
			r.Values[1] = types.Int64Value(int64(len(tag))) // differ in more than the tag
			e.write(statsView.Name, statsFeatures, r)
			got := e.read(statsView.Name, statsFeatures, key...)
			d := diffRow(statsFeatures, got[0], found(r))
			switch {
			case d == "":
			case got[0].Found && len(got[0].Values) == 3 && got[0].Values[2].Equal(types.StringValue(prev)):
				e.Errorf("key %s: still holds the row %q after the row %q with the same (event, created) pair: a row replaces the stored one when its pair is not older, and an equal pair is not older (a materialization run again must be able to correct values)",
					key[0], prev, tag)
			default:
				e.Errorf("key %s, after writing %q: %s", key[0], tag, d)
			}
			prev = tag
		}
	}
}

// checkPartialApply applies views partially and fully: a partial apply
// keeps the views it does not list; every apply deletes ViewsToDelete and
// keeps ViewsToKeep.
func checkPartialApply(e *env) {
	a, b, c := renamed("partial_a"), renamed("partial_b"), renamed("partial_c")
	e.apply(a, b, c)
	rows := map[string]onlinestore.WriteRow{a.Name: statsRow(1, 10, 10, "a"), b.Name: statsRow(1, 10, 10, "b"), c.Name: statsRow(1, 10, 10, "c")}
	for v, r := range rows {
		e.write(v, statsFeatures, r)
	}
	key := []types.EntityKey{driverKey(1)}
	expect := func(label string, v types.FeatureViewSpec, want onlinestore.ReadRow, rule string) {
		e.Helper()
		got := e.read(v.Name, statsFeatures, key...)
		if d := diffRow(statsFeatures, got[0], want); d != "" {
			e.Errorf("%s: view %s: %s: %s", label, v.Name, d, rule)
		}
	}
	apply := func(label string, req onlinestore.ApplyInfraRequest) {
		e.Helper()
		req.Project, req.EntitiesToKeep = e.project, []types.EntitySpec{driverEntity}
		_, err := e.online().ApplyInfra(e.ctx(), &req)
		e.must(err, "ApplyInfra "+label)
	}
	// Partial: b is not listed and keeps its rows; c is deleted.
	apply("(partial, keeping a, deleting c)", onlinestore.ApplyInfraRequest{Partial: true,
		ViewsToKeep: []types.FeatureViewSpec{a}, ViewsToDelete: []types.FeatureViewSpec{c}})
	const partialRule = "a partial apply (Partial true) lists only the views that changed; a view it does not list keeps its rows"
	expect("after a partial apply", a, found(rows[a.Name]), "a kept view keeps its rows")
	expect("after a partial apply", b, found(rows[b.Name]), partialRule)
	e.apply(c)
	expect("after a partial apply", c, onlinestore.ReadRow{}, "a view in ViewsToDelete loses its rows, Partial or not")
	// Full: every view listed keeps its rows; b is deleted.
	e.write(c.Name, statsFeatures, rows[c.Name])
	apply("(full, keeping a and c, deleting b)", onlinestore.ApplyInfraRequest{
		ViewsToKeep: []types.FeatureViewSpec{a, c}, ViewsToDelete: []types.FeatureViewSpec{b}})
	const fullRule = "a view in ViewsToKeep keeps its rows"
	expect("after a full apply", a, found(rows[a.Name]), fullRule)
	expect("after a full apply", c, found(rows[c.Name]), fullRule)
	e.apply(b)
	expect("after a full apply", b, onlinestore.ReadRow{}, "a view in ViewsToDelete loses its rows")
	// Full, not listing c: a store may drop c's rows or keep them, but
	// what it keeps must be c's row.
	e.write(b.Name, statsFeatures, rows[b.Name])
	apply("(full, keeping a and b)", onlinestore.ApplyInfraRequest{ViewsToKeep: []types.FeatureViewSpec{a, b}})
	expect("after a full apply", a, found(rows[a.Name]), fullRule)
	expect("after a full apply", b, found(rows[b.Name]), fullRule)
	e.apply(c)
	if got := e.read(c.Name, statsFeatures, key...); got[0].Found {
		if d := diffRow(statsFeatures, got[0], found(rows[c.Name])); d != "" {
			e.Errorf("after a full apply not listing view %s: its row changed: %s; a store may drop an unlisted view's rows when Partial is false, or keep them, but not alter them", c.Name, d)
		}
	}
}

// checkUnappliedView reads views that were never applied, or were deleted,
// alone and next to a view with rows.
func checkUnappliedView(e *env) {
	const rule = "a view that was never applied (or was deleted) holds nothing: Read answers one Found=false row per key, " +
		"as for unknown keys, not an error (the host reports NOT_FOUND)"
	keys := []types.EntityKey{driverKey(1), driverKey(2)}
	never := onlinestore.ReadView{FeatureView: "never_applied", Features: []string{"x", "y"}, EntityKeys: keys}
	check := func(label, project string, views []onlinestore.ReadView, want [][]onlinestore.ReadRow) {
		e.Helper()
		resp, err := e.online().Read(e.ctx(), &onlinestore.ReadRequest{Project: project, Views: views})
		if err != nil {
			e.Errorf("%s: Read failed: %v: %s", label, err, rule)
			return
		}
		if len(resp.Views) != len(views) {
			e.Errorf("%s: Read answered %d views for %d: %s", label, len(resp.Views), len(views), rule)
			return
		}
		for v := range views {
			if len(resp.Views[v]) != len(views[v].EntityKeys) {
				e.Errorf("%s: view %s: %d rows for %d keys: %s", label, views[v].FeatureView, len(resp.Views[v]), len(views[v].EntityKeys), rule)
				continue
			}
			for i, w := range want[v] {
				if d := diffRow(views[v].Features, resp.Views[v][i], w); d != "" {
					why := rule
					if w.Found {
						why = "the applied view read in the same call must answer as usual"
					}
					e.Errorf("%s: view %s, key %s: %s: %s", label, views[v].FeatureView, views[v].EntityKeys[i], d, why)
				}
			}
		}
	}
	notFound := []onlinestore.ReadRow{{}, {}}
	// A project nothing was ever applied in.
	check("a project never applied", e.otherProject(), []onlinestore.ReadView{never}, [][]onlinestore.ReadRow{notFound})
	// A project with a view, read with a view it never had.
	gone := renamed("deleted_view")
	e.apply(statsView, gone)
	row := statsRow(1, 10, 10, "one")
	e.write(statsView.Name, statsFeatures, row)
	e.write(gone.Name, statsFeatures, row)
	stats := onlinestore.ReadView{FeatureView: statsView.Name, Features: statsFeatures, EntityKeys: keys}
	check("a view never applied, next to one with rows", e.project, []onlinestore.ReadView{never, stats, never},
		[][]onlinestore.ReadRow{notFound, {found(row), {}}, notFound})
	// A view deleted by ApplyInfra.
	_, err := e.online().ApplyInfra(e.ctx(), &onlinestore.ApplyInfraRequest{Project: e.project, Partial: true,
		ViewsToDelete: []types.FeatureViewSpec{gone}, EntitiesToKeep: []types.EntitySpec{driverEntity}})
	e.must(err, "ApplyInfra deleting "+gone.Name)
	check("a deleted view", e.project, []onlinestore.ReadView{{FeatureView: gone.Name, Features: statsFeatures, EntityKeys: keys}, stats},
		[][]onlinestore.ReadRow{notFound, {found(row), {}}})
}

// healthWait bounds how long Health before Configure may take: it has
// nothing to check yet.
const healthWait = 5 * time.Second

// checkHealthBeforeConfigure asks a new store for its health before it is
// configured: it must answer at once, not serving (or with an error), and
// still configure and serve afterwards.
func checkHealthBeforeConfigure(e *env) {
	store, done := e.freshOnline()
	defer done()
	resp, err, answered := healthWithin(e.ctx(), store, healthWait)
	var p panicked
	switch {
	case errors.As(err, &p):
		e.Fatalf("Health before Configure panicked (%v): it must answer at once, Serving false or an error, whatever the store has not set up yet", p.value)
	case !answered:
		e.Fatalf("Health before Configure did not answer within %s: it must answer at once (Serving false, or an error), never wait for a configuration", healthWait)
	case err == nil && resp == nil:
		e.Errorf("Health before Configure answered nothing: answer Serving false with a message, or an error")
	case err == nil && resp.Serving:
		e.Errorf("Health before Configure reported serving (message %q): a store that has not been configured cannot serve reads and writes; answer Serving false with a message such as \"not configured\", or an error", resp.Message)
	}
	_, err = store.Configure(e.ctx(), &onlinestore.ConfigureRequest{Project: e.project, Config: e.s.cfg.StoreConfig})
	e.must(err, "Configure after Health (a Health before Configure must leave the store configurable)")
	resp, err, answered = healthWithin(e.ctx(), store, healthWait)
	switch {
	case errors.As(err, &p):
		e.Errorf("Health after Configure panicked: %v", p.value)
	case !answered:
		e.Errorf("Health after Configure did not answer within %s", healthWait)
	case err != nil:
		e.Errorf("Health after Configure: %v", err)
	case !resp.Serving:
		e.Errorf("Health after Configure: Serving false (message %q), want true: a Health before Configure must leave the store able to serve", resp.Message)
	}
}

// panicked is the error of a call that panicked.
type panicked struct{ value any }

func (p panicked) Error() string { return fmt.Sprintf("panic: %v", p.value) }

// healthWithin calls Health and waits at most d for the answer; a panic is
// a panicked error.
func healthWithin(ctx context.Context, s onlinestore.Store, d time.Duration) (resp *onlinestore.HealthResponse, err error, answered bool) {
	type answer struct {
		resp *onlinestore.HealthResponse
		err  error
	}
	ch := make(chan answer, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				ch <- answer{err: panicked{p}}
			}
		}()
		r, err := s.Health(ctx, &onlinestore.HealthRequest{})
		ch <- answer{r, err}
	}()
	select {
	case a := <-ch:
		return a.resp, a.err, true
	case <-time.After(d):
		return nil, nil, false
	}
}

// freshOnline returns a new online store nothing has configured: from
// Config.NewOnline (directly or through the gRPC shims, as the session's
// store), or a new launch of the plugin binary; done releases it.
func (e *env) freshOnline() (onlinestore.Store, func()) {
	e.Helper()
	cfg := e.s.cfg
	if cfg.PluginPath == "" {
		cfg.Online, cfg.Offline = cfg.NewOnline(), nil
	}
	st, err := connect(e.ctx(), cfg)
	e.must(err, "connecting to a new online store")
	if st.online == nil {
		st.close()
		e.Fatalf("the new connection serves no online store")
	}
	return st.online, func() {
		st.close()
		if c, ok := cfg.Online.(io.Closer); ok && cfg.PluginPath == "" {
			_ = c.Close()
		}
	}
}
