package conformance

import (
	"fmt"
	"strings"

	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// onlineDataCases check what real store plugins get wrong about the data:
// composite keys, nulls and empty lists overwriting values, the shape of a
// Read, the corners of the contract and writers that race.
func onlineDataCases() []testCase {
	return []testCase{
		{name: "OnlineStore/Read/should keep apart composite keys that differ in one part or share a prefix", run: checkCompositeKeyParts},
		{name: "OnlineStore/Read/should keep apart the same values under different join keys", run: checkSwappedKeyValues},
		{name: "OnlineStore/WriteBatch/should let a newer null replace an older value", run: checkNewerNull},
		{name: "OnlineStore/WriteBatch/should not let an older null replace a newer value", run: checkOlderNull},
		{name: "OnlineStore/WriteBatch/should overwrite a list with an empty list and back", run: checkEmptyListOverwrite},
		{name: "OnlineStore/Read/should answer every repeated key in its place", run: checkRepeatedKeys},
		{name: "OnlineStore/Read/should answer an empty key list with no rows", run: checkEmptyKeyList},
		{name: "OnlineStore/Read/should return the requested features in the requested order", run: checkFeatureOrder},
		{name: "OnlineStore/WriteBatch/should let a row with an equal (event, created) pair replace the stored row", run: checkEqualPairReplaces},
		{name: "OnlineStore/ApplyInfra/should keep the views a partial apply does not list", run: checkPartialApply},
		{name: "OnlineStore/Read/should report Found=false for a view that was never applied", run: checkUnappliedView},
		{name: "OnlineStore/Health/should answer without serving while not yet configured", needs: []capability{capFreshOnline}, run: checkHealthBeforeConfigure},
		{name: "OnlineStore/WriteBatch/should keep the newest row when writers race on the same keys", run: checkRacingWriters},
	}
}

// capFreshOnline holds when the case can get an online store of its own
// that nothing has configured yet.
var capFreshOnline = capability{"neither Config.NewOnline nor Config.PluginPath gives a new, unconfigured online store",
	func(s *session) bool { return s.cfg.NewOnline != nil || s.cfg.PluginPath != "" }}

// applyEntities creates views in the case's project with their own
// entities (not the suite's driver), as a partial apply, and registers the
// project's teardown.
func (e *env) applyEntities(entities []types.EntitySpec, views ...types.FeatureViewSpec) {
	e.Helper()
	if e.applied == nil {
		e.applied = map[string][]types.FeatureViewSpec{}
	}
	if _, seen := e.applied[e.project]; !seen {
		e.applied[e.project] = nil
		e.Cleanup(func() { e.teardown(e.project) })
	}
	e.applied[e.project] = append(e.applied[e.project], views...)
	_, err := e.online().ApplyInfra(e.ctx(), &onlinestore.ApplyInfraRequest{
		Project: e.project, ViewsToKeep: views, EntitiesToKeep: entities, Partial: true,
	})
	e.must(err, "ApplyInfra")
}

// readViews reads several views in one call and checks the answer's shape:
// one entry per view, one row per key.
func (e *env) readViews(views ...onlinestore.ReadView) [][]onlinestore.ReadRow {
	e.Helper()
	resp, err := e.online().Read(e.ctx(), &onlinestore.ReadRequest{Project: e.project, Views: views})
	e.must(err, "Read")
	if len(resp.Views) != len(views) {
		e.Fatalf("Read of %d views answered %d: ReadResponse.Views has one entry per ReadRequest.Views, in order", len(views), len(resp.Views))
	}
	for i, v := range views {
		if len(resp.Views[i]) != len(v.EntityKeys) {
			e.Fatalf("Read: view %d (%s) answered %d rows for %d keys: a store answers one row per requested key, in order, repeats and unknown keys included",
				i, v.FeatureView, len(resp.Views[i]), len(v.EntityKeys))
		}
	}
	return resp.Views
}

// tagged is a written row whose first value is a string naming it.
type tagged struct {
	key types.EntityKey
	row onlinestore.WriteRow
}

// tagOf returns the tag of a read row (its first value), or "" when the
// row has none.
func tagOf(r onlinestore.ReadRow) string {
	if len(r.Values) == 0 || r.Values[0].Type() != types.String {
		return ""
	}
	return r.Values[0].Str()
}

// expectTagged checks rows read for keys against the rows written for them
// (nil: nothing written); when a row holds what another key was written
// with, it says so, naming the rule.
func (e *env) expectTagged(label string, features []string, keys []types.EntityKey, got []onlinestore.ReadRow,
	written map[string]onlinestore.WriteRow, rule string) {
	e.Helper()
	owner := map[string]string{} // tag -> key it was written for
	for k, w := range written {
		owner[w.Values[0].Str()] = k
	}
	for i, k := range keys {
		w, ok := written[k.String()]
		want := onlinestore.ReadRow{}
		if ok {
			want = found(w)
		}
		d := diffRow(features, got[i], want)
		if d == "" {
			continue
		}
		if other, ok := owner[tagOf(got[i])]; ok && got[i].Found && other != k.String() {
			e.Errorf("%s: key %s returned the row written for key %s: %s", label, k, other, rule)
			continue
		}
		e.Errorf("%s: key %s: %s", label, k, d)
	}
}

// joinQuoted renders strings for messages.
func joinQuoted(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}
