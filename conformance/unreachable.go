package conformance

import (
	"context"
	"errors"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

var capUnreachable = capability{"Config.UnreachableConfig is empty (quiver-conformance --unreachable-config FILE): " +
	"give a config the store accepts whose backend is down, e.g. a closed port",
	func(s *session) bool { return len(s.cfg.UnreachableConfig) > 0 }}

// unreachableCases check a store whose backend cannot be reached: Health
// says so and reads and writes fail with Unavailable, all within
// Config.UnreachableTimeout.
func unreachableCases() []testCase {
	return []testCase{
		{name: "OnlineStore/Health/should report not serving when the backend is unreachable",
			needs: []capability{capUnreachable}, run: checkHealthUnreachable},
		{name: "OnlineStore/Read/should fail with Unavailable when the backend is unreachable",
			needs: []capability{capUnreachable}, run: func(e *env) { checkOnlineUnreachable(e, false) }},
		{name: "OnlineStore/WriteBatch/should fail with Unavailable when the backend is unreachable",
			needs: []capability{capUnreachable}, run: func(e *env) { checkOnlineUnreachable(e, true) }},
		{name: "OfflineStore/PullRange/should fail with Unavailable when the backend is unreachable",
			needs: []capability{capUnreachable}, run: func(e *env) { checkOfflineUnreachable(e, false) }},
		{name: "OfflineStore/WriteBatch/should fail with Unavailable when the backend is unreachable",
			needs: []capability{capUnreachable}, run: func(e *env) { checkOfflineUnreachable(e, true) }},
	}
}

// bounded runs call with a context that ends after Config.UnreachableTimeout
// and returns how long it took.
func (e *env) bounded(call func(ctx context.Context) error) (time.Duration, error) {
	ctx, cancel := context.WithTimeout(e.ctx(), e.s.cfg.UnreachableTimeout)
	defer cancel()
	start := time.Now()
	err := call(ctx)
	return time.Since(start), err
}

// expectUnavailable fails the case unless a call on an unreachable backend
// answered within the bound with Unavailable (or, when nilOK, succeeded).
func (e *env) expectUnavailable(what string, took time.Duration, err error, nilOK bool) {
	e.Helper()
	bound := e.s.cfg.UnreachableTimeout
	switch {
	case took >= bound:
		e.Fatalf("%s took %s with the backend unreachable, want an answer within %s (Config.UnreachableTimeout); error: %v",
			what, took.Round(time.Millisecond), bound, err)
	case err == nil && !nilOK:
		e.Errorf("%s succeeded with the backend unreachable, want an error of kind %s", what, storeerr.KindUnavailable)
	case err != nil && !errors.Is(err, storeerr.ErrUnavailable):
		e.Errorf("%s with the backend unreachable returned %q of kind %s, want %s", what, err, kindOf(err), storeerr.KindUnavailable)
	}
}

// unreachableOnline returns an online store configured with
// Config.UnreachableConfig; Configure may fail with Unavailable.
func (e *env) unreachableOnline() onlinestore.Store {
	e.Helper()
	st := e.ownOnline()
	took, err := e.configure(st, e.s.cfg.UnreachableConfig, e.s.cfg.UnreachableTimeout)
	e.checkUnreachableConfigure(took, err)
	return st
}

// unreachableOffline is unreachableOnline for the offline store.
func (e *env) unreachableOffline() offlinestore.Store {
	e.Helper()
	st := e.ownOffline()
	took, err := e.configure(st, e.s.cfg.UnreachableConfig, e.s.cfg.UnreachableTimeout)
	e.checkUnreachableConfigure(took, err)
	return st
}

// checkUnreachableConfigure checks the answer of Configure with the
// unreachable config: success or Unavailable, never InvalidArgument.
func (e *env) checkUnreachableConfigure(took time.Duration, err error) {
	e.Helper()
	if errors.Is(err, storeerr.ErrInvalidArgument) {
		e.Fatalf("Configure rejected Config.UnreachableConfig as invalid (%v): give a config the store accepts whose backend is down", err)
	}
	e.expectUnavailable("Configure", took, err, true)
}

func checkHealthUnreachable(e *env) {
	resp, err := e.online().Health(e.ctx(), &onlinestore.HealthRequest{})
	e.must(err, "Health of the configured store")
	if !resp.Serving {
		e.Fatalf("Health of the configured store: serving = false (message %q), want true", resp.Message)
	}
	st := e.unreachableOnline()
	took, err := e.bounded(func(ctx context.Context) error {
		resp, err = st.Health(ctx, &onlinestore.HealthRequest{})
		return err
	})
	switch {
	case took >= e.s.cfg.UnreachableTimeout:
		e.Fatalf("Health took %s with the backend unreachable, want an answer within %s (Config.UnreachableTimeout)",
			took.Round(time.Millisecond), e.s.cfg.UnreachableTimeout)
	case err != nil && !errors.Is(err, storeerr.ErrUnavailable):
		e.Errorf("Health with the backend unreachable returned %q of kind %s, want serving = false", err, kindOf(err))
	case err == nil && resp.Serving:
		e.Errorf("Health with the backend unreachable: serving = true (message %q), want false", resp.Message)
	}
}

// checkOnlineUnreachable applies a view on an unreachable store (which may
// succeed or fail with Unavailable), then reads or writes it.
func checkOnlineUnreachable(e *env, write bool) {
	st := e.unreachableOnline()
	took, err := e.bounded(func(ctx context.Context) error {
		_, err := st.ApplyInfra(ctx, &onlinestore.ApplyInfraRequest{Project: e.project,
			ViewsToKeep: []types.FeatureViewSpec{statsView}, EntitiesToKeep: []types.EntitySpec{driverEntity}})
		return err
	})
	e.expectUnavailable("ApplyInfra", took, err, true)
	if write {
		took, err = e.bounded(func(ctx context.Context) error {
			_, err := st.WriteBatch(ctx, &onlinestore.WriteBatchRequest{Project: e.project, FeatureView: statsView.Name,
				FeatureNames: statsFeatures, Rows: []onlinestore.WriteRow{statsRow(1, 10, 10, "lost")}})
			return err
		})
		e.expectUnavailable("WriteBatch", took, err, false)
		return
	}
	took, err = e.bounded(func(ctx context.Context) error {
		_, err := st.Read(ctx, &onlinestore.ReadRequest{Project: e.project, Views: []onlinestore.ReadView{
			{FeatureView: statsView.Name, Features: statsFeatures, EntityKeys: []types.EntityKey{driverKey(1)}}}})
		return err
	})
	e.expectUnavailable("Read", took, err, false)
}

// checkOfflineUnreachable pulls from or writes to a table on an unreachable
// offline store.
func checkOfflineUnreachable(e *env, write bool) {
	st := e.unreachableOffline()
	src := e.offSource(newProject("conf_t_"))
	if write {
		rd, err := offReader(offFixture[0])
		e.must(err, "building records")
		defer rd.Release()
		took, err := e.bounded(func(ctx context.Context) error {
			_, err := st.WriteBatch(ctx, &offlinestore.WriteBatchRequest{Project: e.project, Destination: src, Records: rd})
			return err
		})
		e.expectUnavailable("WriteBatch", took, err, false)
		return
	}
	took, err := e.bounded(func(ctx context.Context) error {
		resp, err := st.PullRange(ctx, &offlinestore.PullRequest{Project: e.project, Source: src, JoinKeys: []string{colID},
			FeatureColumns: []string{colConv, colLabel}, Start: at(0), End: at(30)})
		if err == nil {
			err = drain(resp.Records)
		}
		return err
	})
	e.expectUnavailable("PullRange", took, err, false)
}

// drain reads a pulled stream to its end and releases it: a store may
// report a failure only while streaming.
func drain(rd array.RecordReader) error {
	defer rd.Release()
	for rd.Next() {
	}
	return rd.Err()
}
