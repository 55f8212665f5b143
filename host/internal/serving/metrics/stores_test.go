package metrics

import (
	"context"
	"testing"

	"github.com/quiverfs/quiver/sdk/offlinestore"
)

// historical is an offline store with pushdown and entity filtering; only
// the interfaces matter here.
type historical struct{ offlinestore.Unimplemented }

func (historical) HistoricalFeatures(context.Context, *offlinestore.HistoricalFeaturesRequest) (*offlinestore.PullResponse, error) {
	return &offlinestore.PullResponse{}, nil
}

func (historical) FiltersEntities() bool { return true }

type filteringOnly struct{ offlinestore.Unimplemented }

func (filteringOnly) FiltersEntities() bool { return true }

func TestOfflineWrapperKeepsOptionalInterfaces(t *testing.T) {
	t.Parallel()
	m := New()
	tests := []struct {
		name   string
		store  offlinestore.Store
		wantHF bool
		wantEF bool
	}{
		{"plain", offlinestore.Unimplemented{}, false, false},
		{"filtering", filteringOnly{}, false, true},
		{"pushdown and filtering", historical{}, true, true},
	}
	for _, tt := range tests {
		w := m.Offline(tt.store, StoreLabel{})
		_, hf := w.(offlinestore.StoreWithHistoricalFeatures)
		caps := offlinestore.CapabilitiesOf(w)
		if hf != tt.wantHF || caps.HistoricalPushdown != tt.wantHF || caps.EntityFilter != tt.wantEF {
			t.Errorf("%s: pushdown %v, caps %+v; want pushdown %v, entity filter %v", tt.name, hf, caps, tt.wantHF, tt.wantEF)
		}
	}
}
