package convert

import (
	"encoding/json"
	"fmt"

	pb "github.com/quiverfs/quiver/sdk/internal/gen/quiver/plugin/v1"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// OnlineCapabilitiesToProto converts online capabilities.
func OnlineCapabilitiesToProto(c onlinestore.Capabilities) *pb.OnlineCapabilities {
	metrics := make([]pb.DistanceMetric, len(c.Vector.Metrics))
	for i, m := range c.Vector.Metrics {
		metrics[i] = pb.DistanceMetric(m)
	}
	return &pb.OnlineCapabilities{
		VectorSearch:     c.VectorSearch,
		VectorFilters:    c.VectorSearch && c.Vector.Filters,
		VectorTextQuery:  c.VectorSearch && c.Vector.TextQuery,
		VectorMetrics:    metrics,
		VectorIndexTypes: c.Vector.IndexTypes,
		KeyTtl:           c.KeyTTL,
	}
}

// OnlineCapabilitiesFromProto converts online capabilities.
func OnlineCapabilitiesFromProto(p *pb.OnlineCapabilities) onlinestore.Capabilities {
	var metrics []types.DistanceMetric
	for _, m := range p.GetVectorMetrics() {
		metrics = append(metrics, types.DistanceMetric(m))
	}
	return onlinestore.Capabilities{
		VectorSearch: p.GetVectorSearch(),
		Vector: onlinestore.VectorSearchOptions{
			Metrics:    metrics,
			IndexTypes: p.GetVectorIndexTypes(),
			Filters:    p.GetVectorFilters(),
			TextQuery:  p.GetVectorTextQuery(),
		},
		KeyTTL: p.GetKeyTtl(),
	}
}

// ConfigureRequestToProto converts a configure request of either store.
func ConfigureRequestToProto(project, repoDir string, config json.RawMessage) *pb.ConfigureRequest {
	return &pb.ConfigureRequest{Project: project, ConfigJson: config, RepoDir: repoDir}
}

// ApplyInfraRequestToProto converts an apply-infra request.
func ApplyInfraRequestToProto(r *onlinestore.ApplyInfraRequest) *pb.ApplyInfraRequest {
	return &pb.ApplyInfraRequest{
		Project:          r.Project,
		ViewsToKeep:      FeatureViewSpecsToProto(r.ViewsToKeep),
		ViewsToDelete:    FeatureViewSpecsToProto(r.ViewsToDelete),
		EntitiesToKeep:   EntitySpecsToProto(r.EntitiesToKeep),
		EntitiesToDelete: EntitySpecsToProto(r.EntitiesToDelete),
		Partial:          r.Partial,
	}
}

// ApplyInfraRequestFromProto converts an apply-infra request.
func ApplyInfraRequestFromProto(p *pb.ApplyInfraRequest) *onlinestore.ApplyInfraRequest {
	return &onlinestore.ApplyInfraRequest{
		Project:          p.GetProject(),
		ViewsToKeep:      FeatureViewSpecsFromProto(p.GetViewsToKeep()),
		ViewsToDelete:    FeatureViewSpecsFromProto(p.GetViewsToDelete()),
		EntitiesToKeep:   EntitySpecsFromProto(p.GetEntitiesToKeep()),
		EntitiesToDelete: EntitySpecsFromProto(p.GetEntitiesToDelete()),
		Partial:          p.GetPartial(),
	}
}

// OnlineTeardownRequestToProto converts a teardown request.
func OnlineTeardownRequestToProto(r *onlinestore.TeardownRequest) *pb.OnlineTeardownRequest {
	return &pb.OnlineTeardownRequest{
		Project:  r.Project,
		Views:    FeatureViewSpecsToProto(r.Views),
		Entities: EntitySpecsToProto(r.Entities),
	}
}

// OnlineTeardownRequestFromProto converts a teardown request.
func OnlineTeardownRequestFromProto(p *pb.OnlineTeardownRequest) *onlinestore.TeardownRequest {
	return &onlinestore.TeardownRequest{
		Project:  p.GetProject(),
		Views:    FeatureViewSpecsFromProto(p.GetViews()),
		Entities: EntitySpecsFromProto(p.GetEntities()),
	}
}

// WriteChunkToProto packs rows of a write into one chunk.
func WriteChunkToProto(req *onlinestore.WriteBatchRequest, rows []onlinestore.WriteRow) (*pb.OnlineWriteBatchRequest, error) {
	keys := make([]types.EntityKey, len(rows))
	out := &pb.OnlineWriteBatchRequest{
		Project: req.Project, FeatureView: req.FeatureView, FeatureNames: req.FeatureNames,
		EventTimestamps: make([]int64, len(rows)), CreatedTimestamps: make([]int64, len(rows)),
	}
	for i := range rows {
		if len(rows[i].Values) != len(req.FeatureNames) {
			return nil, fmt.Errorf("row %d has %d values for %d feature names", i, len(rows[i].Values), len(req.FeatureNames))
		}
		keys[i] = rows[i].EntityKey
		out.EventTimestamps[i] = types.ToMicros(rows[i].EventTimestamp)
		out.CreatedTimestamps[i] = types.ToMicros(rows[i].CreatedTimestamp)
	}
	var err error
	if out.EntityKeys, err = EntityKeyColumnsToProto(keys); err != nil {
		return nil, err
	}
	for f := range req.FeatureNames {
		out.Columns = append(out.Columns, ValueColumnToProto(len(rows), func(i int) types.Value { return rows[i].Values[f] }))
	}
	return out, nil
}

// OnlineWriteBatchRequestFromProto unpacks one chunk of a write. Its shape
// (timestamps, columns and their rows against the key count) is checked
// before anything is allocated for its rows.
func OnlineWriteBatchRequestFromProto(p *pb.OnlineWriteBatchRequest) (*onlinestore.WriteBatchRequest, error) {
	n := int(p.GetEntityKeys().GetCount())
	if len(p.GetEventTimestamps()) != n || len(p.GetCreatedTimestamps()) != n || len(p.GetColumns()) != len(p.GetFeatureNames()) {
		return nil, fmt.Errorf("write chunk is inconsistent: %d keys, %d event and %d created timestamps, %d columns for %d features",
			n, len(p.GetEventTimestamps()), len(p.GetCreatedTimestamps()), len(p.GetColumns()), len(p.GetFeatureNames()))
	}
	if err := checkColumnRows(p.GetColumns(), n); err != nil {
		return nil, err
	}
	keys, err := entityKeyColumnsFromProto(p.GetEntityKeys(), n) // the timestamps bound keys without join keys
	if err != nil {
		return nil, err
	}
	nf := len(p.GetFeatureNames())
	values := make([]types.Value, n*nf)
	rows := make([]onlinestore.WriteRow, n)
	for i := range rows {
		rows[i] = onlinestore.WriteRow{
			EntityKey:        keys[i],
			Values:           values[i*nf : (i+1)*nf : (i+1)*nf],
			EventTimestamp:   types.FromMicros(p.GetEventTimestamps()[i]),
			CreatedTimestamp: types.FromMicros(p.GetCreatedTimestamps()[i]),
		}
	}
	for f, col := range p.GetColumns() {
		if err := ValueColumnFromProto(col, n, func(i int, v types.Value) { rows[i].Values[f] = v }); err != nil {
			return nil, fmt.Errorf("feature %s: %w", p.GetFeatureNames()[f], err)
		}
	}
	return &onlinestore.WriteBatchRequest{Project: p.GetProject(), FeatureView: p.GetFeatureView(),
		FeatureNames: p.GetFeatureNames(), Rows: rows}, nil
}

// HealthResponseFromProto converts a health response.
func HealthResponseFromProto(p *pb.HealthResponse) *onlinestore.HealthResponse {
	return &onlinestore.HealthResponse{Serving: p.GetServing(), Message: p.GetMessage()}
}
