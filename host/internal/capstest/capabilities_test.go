package capstest

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/quiverfs/quiver/host/internal/serving/metrics"
	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/pluginclient"
	"github.com/quiverfs/quiver/sdk/types"
)

// Online stores of every capability combination.
type (
	plainOnline  struct{ onlinestore.Unimplemented }
	vectorOnline struct{ onlinestore.Unimplemented }
	ttlOnline    struct{ onlinestore.Unimplemented }
	bothOnline   struct{ vectorOnline }
)

func (vectorOnline) SearchVectors(context.Context, *onlinestore.SearchVectorsRequest) (*onlinestore.SearchVectorsResponse, error) {
	return &onlinestore.SearchVectorsResponse{}, nil
}

func (vectorOnline) VectorSearchOptions() onlinestore.VectorSearchOptions {
	return onlinestore.VectorSearchOptions{Metrics: []types.DistanceMetric{types.MetricCosine}, Filters: true}
}

func (ttlOnline) KeyTTL() bool  { return true }
func (bothOnline) KeyTTL() bool { return true }

// Offline stores of every capability combination.
type (
	plainOffline      struct{ offlinestore.Unimplemented }
	pushdownOffline   struct{ offlinestore.Unimplemented }
	filteringOffline  struct{ offlinestore.Unimplemented }
	pushdownFiltering struct{ pushdownOffline }
)

func (pushdownOffline) HistoricalFeatures(context.Context, *offlinestore.HistoricalFeaturesRequest) (*offlinestore.PullResponse, error) {
	return nil, nil
}

func (filteringOffline) FiltersEntities() bool  { return true }
func (pushdownFiltering) FiltersEntities() bool { return true }

// wrapper wraps both kinds of store as the host does somewhere.
type wrapper struct {
	name    string
	online  func(t *testing.T, s onlinestore.Store) onlinestore.Store
	offline func(t *testing.T, s offlinestore.Store) offlinestore.Store
}

func wrappers() []wrapper {
	m := metrics.New()
	viaPlugin := wrapper{"plugin client",
		func(t *testing.T, s onlinestore.Store) onlinestore.Store {
			c := connect(t, pluginclient.InProcessConfig{Name: "caps", OnlineStore: s})
			st, _ := c.Online()
			return st
		},
		func(t *testing.T, s offlinestore.Store) offlinestore.Store {
			c := connect(t, pluginclient.InProcessConfig{Name: "caps", OfflineStore: s})
			st, _ := c.Offline()
			return st
		}}
	viaMetrics := wrapper{"metrics",
		func(_ *testing.T, s onlinestore.Store) onlinestore.Store {
			return m.Online(s, metrics.StoreLabel{Type: "x"})
		},
		func(_ *testing.T, s offlinestore.Store) offlinestore.Store {
			return m.Offline(s, metrics.StoreLabel{Type: "x"})
		}}
	return []wrapper{viaPlugin, viaMetrics, {"metrics over plugin client",
		func(t *testing.T, s onlinestore.Store) onlinestore.Store {
			return viaMetrics.online(t, viaPlugin.online(t, s))
		},
		func(t *testing.T, s offlinestore.Store) offlinestore.Store {
			return viaMetrics.offline(t, viaPlugin.offline(t, s))
		}}}
}

func connect(t *testing.T, cfg pluginclient.InProcessConfig) *pluginclient.Client {
	t.Helper()
	c, err := pluginclient.Connect(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

func TestEveryWrapperReportsTheCapabilitiesOfWhatItWraps(t *testing.T) {
	t.Parallel()
	online := []onlinestore.Store{plainOnline{}, vectorOnline{}, ttlOnline{}, bothOnline{}}
	offline := []offlinestore.Store{plainOffline{}, pushdownOffline{}, filteringOffline{}, pushdownFiltering{}}
	for _, w := range wrappers() {
		for _, s := range online {
			want := onlinestore.CapabilitiesOf(s)
			got := w.online(t, s)
			if d := cmp.Diff(want, onlinestore.CapabilitiesOf(got)); d != "" {
				t.Errorf("%s of %T: capabilities (-store +wrapped):\n%s", w.name, s, d)
			}
			if _, vec := got.(onlinestore.StoreWithVectorSearch); vec != want.VectorSearch {
				t.Errorf("%s of %T: implements vector search %v, advertises %v", w.name, s, vec, want.VectorSearch)
			}
		}
		for _, s := range offline {
			want := offlinestore.CapabilitiesOf(s)
			got := w.offline(t, s)
			if d := cmp.Diff(want, offlinestore.CapabilitiesOf(got)); d != "" {
				t.Errorf("%s of %T: capabilities (-store +wrapped):\n%s", w.name, s, d)
			}
			if _, hist := got.(offlinestore.StoreWithHistoricalFeatures); hist != want.HistoricalPushdown {
				t.Errorf("%s of %T: implements pushdown %v, advertises %v", w.name, s, hist, want.HistoricalPushdown)
			}
		}
	}
}
