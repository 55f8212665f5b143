package shim_test

import (
	"context"

	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// fakeOnline is an online store made of func fields; a test sets the ones it needs.
type fakeOnline struct {
	configure  func(*onlinestore.ConfigureRequest) error
	applyInfra func(*onlinestore.ApplyInfraRequest) error
	teardown   func(*onlinestore.TeardownRequest) error
	writeBatch func(*onlinestore.WriteBatchRequest) (*onlinestore.WriteBatchResponse, error)
	read       func(*onlinestore.ReadRequest) (*onlinestore.ReadResponse, error)
	search     func(*onlinestore.SearchVectorsRequest) (*onlinestore.SearchVectorsResponse, error)
	health     func() (*onlinestore.HealthResponse, error)
}

func (f *fakeOnline) Configure(_ context.Context, r *onlinestore.ConfigureRequest) (*onlinestore.ConfigureResponse, error) {
	return &onlinestore.ConfigureResponse{}, f.configure(r)
}

func (f *fakeOnline) ApplyInfra(_ context.Context, r *onlinestore.ApplyInfraRequest) (*onlinestore.ApplyInfraResponse, error) {
	return &onlinestore.ApplyInfraResponse{}, f.applyInfra(r)
}

func (f *fakeOnline) Teardown(_ context.Context, r *onlinestore.TeardownRequest) (*onlinestore.TeardownResponse, error) {
	return &onlinestore.TeardownResponse{}, f.teardown(r)
}

func (f *fakeOnline) WriteBatch(_ context.Context, r *onlinestore.WriteBatchRequest) (*onlinestore.WriteBatchResponse, error) {
	return f.writeBatch(r)
}

func (f *fakeOnline) Read(_ context.Context, r *onlinestore.ReadRequest) (*onlinestore.ReadResponse, error) {
	return f.read(r)
}

func (f *fakeOnline) Health(context.Context, *onlinestore.HealthRequest) (*onlinestore.HealthResponse, error) {
	return f.health()
}

// fakeVector adds vector search to fakeOnline.
type fakeVector struct{ *fakeOnline }

func (f fakeVector) SearchVectors(_ context.Context, r *onlinestore.SearchVectorsRequest) (*onlinestore.SearchVectorsResponse, error) {
	return f.search(r)
}

func (f fakeVector) VectorSearchOptions() onlinestore.VectorSearchOptions {
	return onlinestore.VectorSearchOptions{
		Metrics: []types.DistanceMetric{types.MetricL2, types.MetricCosine}, IndexTypes: []string{"FLAT"}, Filters: true,
	}
}

// fakeOffline is an offline store made of func fields.
type fakeOffline struct {
	schema     func(*offlinestore.GetSourceSchemaRequest) (*offlinestore.GetSourceSchemaResponse, error)
	pull       func(*offlinestore.PullRequest) (*offlinestore.PullResponse, error)
	write      func(*offlinestore.WriteBatchRequest) (*offlinestore.WriteBatchResponse, error)
	historical func(*offlinestore.HistoricalFeaturesRequest) (*offlinestore.PullResponse, error)
	teardown   func(*offlinestore.TeardownRequest) error
}

func (f *fakeOffline) Configure(context.Context, *offlinestore.ConfigureRequest) (*offlinestore.ConfigureResponse, error) {
	return &offlinestore.ConfigureResponse{}, nil
}

func (f *fakeOffline) GetSourceSchema(_ context.Context, r *offlinestore.GetSourceSchemaRequest) (*offlinestore.GetSourceSchemaResponse, error) {
	return f.schema(r)
}

func (f *fakeOffline) PullLatest(_ context.Context, r *offlinestore.PullRequest) (*offlinestore.PullResponse, error) {
	return f.pull(r)
}

func (f *fakeOffline) PullRange(_ context.Context, r *offlinestore.PullRequest) (*offlinestore.PullResponse, error) {
	return f.pull(r)
}

func (f *fakeOffline) WriteBatch(_ context.Context, r *offlinestore.WriteBatchRequest) (*offlinestore.WriteBatchResponse, error) {
	return f.write(r)
}

func (f *fakeOffline) Teardown(_ context.Context, r *offlinestore.TeardownRequest) (*offlinestore.TeardownResponse, error) {
	return &offlinestore.TeardownResponse{}, f.teardown(r)
}

// fakeHistorical adds pushdown to fakeOffline.
type fakeHistorical struct{ *fakeOffline }

func (f fakeHistorical) HistoricalFeatures(_ context.Context, r *offlinestore.HistoricalFeaturesRequest) (*offlinestore.PullResponse, error) {
	return f.historical(r)
}
