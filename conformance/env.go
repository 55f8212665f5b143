package conformance

import (
	"context"
	"time"

	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// env is what a case works with: the test handle, the session and a
// project of its own.
type env struct {
	testHandle
	s       *session
	project string
	applied map[string][]types.FeatureViewSpec // project -> views to tear down
}

// cleanupTimeout bounds one teardown call.
const cleanupTimeout = 30 * time.Second

// ctx returns the case's context.
func (e *env) ctx() context.Context { return e.Context() }

// online returns the online store.
func (e *env) online() onlinestore.Store { return e.s.online }

// offline returns the offline store.
func (e *env) offline() offlinestore.Store { return e.s.offline }

// vector returns the online store as a vector store; the case needs capVectorSearch.
func (e *env) vector() onlinestore.StoreWithVectorSearch {
	e.Helper()
	v, ok := e.s.online.(onlinestore.StoreWithVectorSearch)
	if !ok {
		e.Fatalf("the online store advertises vector search but does not implement it")
	}
	return v
}

// must ends the case when err is not nil.
func (e *env) must(err error, what string) {
	e.Helper()
	if err != nil {
		e.Fatalf("%s: %v", what, err)
	}
}

// otherProject returns a further project of the case, torn down at its end.
func (e *env) otherProject() string { return newProject(e.s.cfg.ProjectPrefix) }

// apply creates views in the case's project.
func (e *env) apply(views ...types.FeatureViewSpec) { e.applyIn(e.project, views...) }

// applyIn creates views in a project and registers its teardown. It is a
// partial apply: the project's other views stay as they are.
func (e *env) applyIn(project string, views ...types.FeatureViewSpec) {
	e.Helper()
	if e.applied == nil {
		e.applied = map[string][]types.FeatureViewSpec{}
	}
	if _, seen := e.applied[project]; !seen {
		e.applied[project] = nil
		e.Cleanup(func() { e.teardown(project) })
	}
	e.applied[project] = append(e.applied[project], views...)
	_, err := e.online().ApplyInfra(e.ctx(), &onlinestore.ApplyInfraRequest{
		Project: project, ViewsToKeep: views, EntitiesToKeep: []types.EntitySpec{driverEntity}, Partial: true,
	})
	e.must(err, "ApplyInfra")
}

// teardown removes a project; a failure fails the case.
func (e *env) teardown(project string) {
	ctx, cancel := context.WithTimeout(context.Background(), cleanupTimeout)
	defer cancel()
	_, err := e.online().Teardown(ctx, &onlinestore.TeardownRequest{
		Project: project, Views: e.applied[project], Entities: []types.EntitySpec{driverEntity},
	})
	if err != nil {
		e.Errorf("Teardown of project %s: %v", project, err)
	}
}

// write writes rows of a view in one WriteBatch call.
func (e *env) write(view string, features []string, rows ...onlinestore.WriteRow) {
	e.Helper()
	e.writeIn(e.project, view, features, rows...)
}

// writeIn writes rows of a view of a project in one WriteBatch call.
func (e *env) writeIn(project, view string, features []string, rows ...onlinestore.WriteRow) {
	e.Helper()
	_, err := e.online().WriteBatch(e.ctx(), &onlinestore.WriteBatchRequest{
		Project: project, FeatureView: view, FeatureNames: features, Rows: rows,
	})
	e.must(err, "WriteBatch of view "+view)
}

// read reads features of keys from one view.
func (e *env) read(view string, features []string, keys ...types.EntityKey) []onlinestore.ReadRow {
	e.Helper()
	return e.readIn(e.project, view, features, keys...)
}

// readIn reads features of keys from one view of a project and checks
// that the answer has one row per key.
func (e *env) readIn(project, view string, features []string, keys ...types.EntityKey) []onlinestore.ReadRow {
	e.Helper()
	resp, err := e.online().Read(e.ctx(), &onlinestore.ReadRequest{Project: project,
		Views: []onlinestore.ReadView{{FeatureView: view, Features: features, EntityKeys: keys}}})
	e.must(err, "Read of view "+view)
	if len(resp.Views) != 1 || len(resp.Views[0]) != len(keys) {
		e.Fatalf("Read of view %s: got %d views (first with %d rows), want 1 view with %d rows",
			view, len(resp.Views), firstLen(resp.Views), len(keys))
	}
	return resp.Views[0]
}

func firstLen(v [][]onlinestore.ReadRow) int {
	if len(v) == 0 {
		return 0
	}
	return len(v[0])
}
