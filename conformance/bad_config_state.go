package conformance

import (
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// badConfigStateCases check that a store that rejects a config keeps what
// it held and goes on serving with its config: Configure with BadConfig
// reaches the session's store itself, so in the Binary and CLI modes it is
// the plugin process that already holds the data.
func badConfigStateCases() []testCase {
	return []testCase{
		{name: "OnlineStore/Configure/should keep the stored data when it rejects a bad config",
			needs: []capability{capBadConfig}, run: checkOnlineBadConfigKeepsData},
		{name: "OfflineStore/Configure/should keep the stored data when it rejects a bad config",
			needs: []capability{capBadConfig}, run: checkOfflineBadConfigKeepsData},
	}
}

// rejectBadConfig configures the session's store with BadConfig and fails
// the case unless it is rejected; an accepted one is undone.
func (e *env) rejectBadConfig(online bool) {
	e.Helper()
	store := any(e.s.offline)
	if online {
		store = e.s.online
	}
	_, err := e.configure(store, e.s.cfg.BadConfig, 0)
	if err == nil {
		e.configureBack(online)
		e.Fatalf("Configure accepted the bad config %s", e.s.cfg.BadConfig)
	}
}

func checkOnlineBadConfigKeepsData(e *env) {
	e.apply(statsView)
	rows := []onlinestore.WriteRow{statsRow(1, 10, 11, "before"), statsRow(2, 20, 21, "before")}
	e.write(statsView.Name, statsFeatures, rows...)
	e.rejectBadConfig(true)
	keys := []types.EntityKey{driverKey(1), driverKey(2)}
	e.expectRows("after the rejected Configure", statsFeatures, keys, e.read(statsView.Name, statsFeatures, keys...),
		[]onlinestore.ReadRow{found(rows[0]), found(rows[1])})
	// The store still writes with its config.
	later := statsRow(1, 30, 31, "after")
	e.write(statsView.Name, statsFeatures, later)
	e.expectRows("a write after the rejected Configure", statsFeatures, keys[:1], e.read(statsView.Name, statsFeatures, keys[0]),
		[]onlinestore.ReadRow{found(later)})
}

func checkOfflineBadConfigKeepsData(e *env) {
	src := writeFixture(e)
	e.rejectBadConfig(false)
	got, err := e.pullRowsErr(e.project, src, false, allStart, allEnd, nil)
	if err != nil {
		e.Fatalf("after the rejected Configure: %v; want the rows written before it", err)
	}
	var want []offRow
	for _, g := range offFixture {
		want = append(want, g...)
	}
	sortOffRows(want)
	expectOffRows(e, "PullRange after the rejected Configure", got, want)
}
