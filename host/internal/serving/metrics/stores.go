package metrics

import (
	"context"

	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/onlinestore"
)

// onlineStore times every call of an online store.
type onlineStore struct {
	inner onlinestore.Store
	m     *Metrics
	label StoreLabel
}

// vectorOnlineStore keeps the vector search of a store that has it.
type vectorOnlineStore struct {
	onlineStore
	vec onlinestore.StoreWithVectorSearch
}

var (
	_ onlinestore.StoreWithCapabilities  = onlineStore{}
	_ onlinestore.StoreWithVectorSearch  = vectorOnlineStore{}
	_ offlinestore.StoreWithCapabilities = offlineStore{}
)

// Capabilities implements onlinestore.StoreWithCapabilities: those of the
// wrapped store.
func (o onlineStore) Capabilities() onlinestore.Capabilities {
	return onlinestore.CapabilitiesOf(o.inner)
}

// Capabilities implements offlinestore.StoreWithCapabilities: those of the
// wrapped store.
func (o offlineStore) Capabilities() offlinestore.Capabilities {
	return offlinestore.CapabilitiesOf(o.inner)
}

// Online wraps s so every call is timed. The result reports the
// capabilities of s, and implements StoreWithVectorSearch exactly when s
// does.
func (m *Metrics) Online(s onlinestore.Store, l StoreLabel) onlinestore.Store {
	o := onlineStore{inner: s, m: m, label: l}
	if v, ok := s.(onlinestore.StoreWithVectorSearch); ok {
		return vectorOnlineStore{onlineStore: o, vec: v}
	}
	return o
}

// timed makes call c: f in c's span, then its metrics.
func timed[Req, Resp any](c storeCall, f func(context.Context, *Req) (*Resp, error), req *Req) (*Resp, error) {
	resp, err := f(c.ctx, req)
	c.done(err)
	return resp, err
}

// Configure implements onlinestore.Store.
func (o onlineStore) Configure(ctx context.Context, req *onlinestore.ConfigureRequest) (*onlinestore.ConfigureResponse, error) {
	return timed(o.m.call(ctx, "online", o.label, "Configure"), o.inner.Configure, req)
}

// ApplyInfra implements onlinestore.Store.
func (o onlineStore) ApplyInfra(ctx context.Context, req *onlinestore.ApplyInfraRequest) (*onlinestore.ApplyInfraResponse, error) {
	return timed(o.m.call(ctx, "online", o.label, "ApplyInfra"), o.inner.ApplyInfra, req)
}

// Teardown implements onlinestore.Store.
func (o onlineStore) Teardown(ctx context.Context, req *onlinestore.TeardownRequest) (*onlinestore.TeardownResponse, error) {
	return timed(o.m.call(ctx, "online", o.label, "Teardown"), o.inner.Teardown, req)
}

// WriteBatch implements onlinestore.Store.
func (o onlineStore) WriteBatch(ctx context.Context, req *onlinestore.WriteBatchRequest) (*onlinestore.WriteBatchResponse, error) {
	return timed(o.m.call(ctx, "online", o.label, "WriteBatch", callAbout{project: req.Project, views: []string{req.FeatureView}, rows: len(req.Rows)}),
		o.inner.WriteBatch, req)
}

// Read implements onlinestore.Store.
func (o onlineStore) Read(ctx context.Context, req *onlinestore.ReadRequest) (*onlinestore.ReadResponse, error) {
	about := callAbout{project: req.Project, views: make([]string, len(req.Views))}
	for i, v := range req.Views {
		about.views[i] = v.FeatureView
		about.rows += len(v.EntityKeys)
	}
	return timed(o.m.call(ctx, "online", o.label, "Read", about), o.inner.Read, req)
}

// Health implements onlinestore.Store.
func (o onlineStore) Health(ctx context.Context, req *onlinestore.HealthRequest) (*onlinestore.HealthResponse, error) {
	return timed(o.m.call(ctx, "online", o.label, "Health"), o.inner.Health, req)
}

// SearchVectors implements onlinestore.StoreWithVectorSearch.
func (v vectorOnlineStore) SearchVectors(ctx context.Context, req *onlinestore.SearchVectorsRequest) (*onlinestore.SearchVectorsResponse, error) {
	return timed(v.m.call(ctx, "online", v.label, "SearchVectors", callAbout{project: req.Project, views: []string{req.FeatureView}, rows: req.TopK}),
		v.vec.SearchVectors, req)
}

// VectorSearchOptions implements onlinestore.StoreWithVectorSearch.
func (v vectorOnlineStore) VectorSearchOptions() onlinestore.VectorSearchOptions {
	return v.vec.VectorSearchOptions()
}

// offlineStore times every call of an offline store. Pulls are timed until
// the stream opens, not until it is drained.
type offlineStore struct {
	inner offlinestore.Store
	m     *Metrics
	label StoreLabel
}

// historicalOfflineStore keeps the join pushdown of a store that has it.
type historicalOfflineStore struct {
	offlineStore
	h offlinestore.StoreWithHistoricalFeatures
}

var _ offlinestore.StoreWithHistoricalFeatures = historicalOfflineStore{}

// Offline wraps s so every call is timed. The result reports the
// capabilities of s (entity filtering among them), and implements
// StoreWithHistoricalFeatures exactly when s does, so the historical join
// still pushes down through it.
func (m *Metrics) Offline(s offlinestore.Store, l StoreLabel) offlinestore.Store {
	o := offlineStore{inner: s, m: m, label: l}
	if h, ok := s.(offlinestore.StoreWithHistoricalFeatures); ok {
		return historicalOfflineStore{o, h}
	}
	return o
}

// HistoricalFeatures implements offlinestore.StoreWithHistoricalFeatures.
func (h historicalOfflineStore) HistoricalFeatures(ctx context.Context, req *offlinestore.HistoricalFeaturesRequest) (*offlinestore.PullResponse, error) {
	return timed(h.m.call(ctx, "offline", h.label, "HistoricalFeatures"), h.h.HistoricalFeatures, req)
}

// Configure implements offlinestore.Store.
func (o offlineStore) Configure(ctx context.Context, req *offlinestore.ConfigureRequest) (*offlinestore.ConfigureResponse, error) {
	return timed(o.m.call(ctx, "offline", o.label, "Configure"), o.inner.Configure, req)
}

// GetSourceSchema implements offlinestore.Store.
func (o offlineStore) GetSourceSchema(ctx context.Context, req *offlinestore.GetSourceSchemaRequest) (*offlinestore.GetSourceSchemaResponse, error) {
	return timed(o.m.call(ctx, "offline", o.label, "GetSourceSchema"), o.inner.GetSourceSchema, req)
}

// PullLatest implements offlinestore.Store.
func (o offlineStore) PullLatest(ctx context.Context, req *offlinestore.PullRequest) (*offlinestore.PullResponse, error) {
	return timed(o.m.call(ctx, "offline", o.label, "PullLatest"), o.inner.PullLatest, req)
}

// PullRange implements offlinestore.Store.
func (o offlineStore) PullRange(ctx context.Context, req *offlinestore.PullRequest) (*offlinestore.PullResponse, error) {
	return timed(o.m.call(ctx, "offline", o.label, "PullRange"), o.inner.PullRange, req)
}

// WriteBatch implements offlinestore.Store.
func (o offlineStore) WriteBatch(ctx context.Context, req *offlinestore.WriteBatchRequest) (*offlinestore.WriteBatchResponse, error) {
	return timed(o.m.call(ctx, "offline", o.label, "WriteBatch"), o.inner.WriteBatch, req)
}

// Teardown implements offlinestore.Store.
func (o offlineStore) Teardown(ctx context.Context, req *offlinestore.TeardownRequest) (*offlinestore.TeardownResponse, error) {
	return timed(o.m.call(ctx, "offline", o.label, "Teardown"), o.inner.Teardown, req)
}
