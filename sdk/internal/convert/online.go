package convert

import (
	"encoding/json"

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

// ConfigureRequestToProto converts a configure request.
func ConfigureRequestToProto(project string, config json.RawMessage) *pb.ConfigureRequest {
	return &pb.ConfigureRequest{Project: project, ConfigJson: config}
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

// WriteRowToProto converts one row of a write.
func WriteRowToProto(r *onlinestore.WriteRow) *pb.WriteRow {
	return &pb.WriteRow{
		EntityKey:        EntityKeyToProto(r.EntityKey),
		Values:           ValuesToProto(r.Values),
		EventTimestamp:   types.ToMicros(r.EventTimestamp),
		CreatedTimestamp: types.ToMicros(r.CreatedTimestamp),
	}
}

// OnlineWriteBatchRequestFromProto converts one chunk of a write.
func OnlineWriteBatchRequestFromProto(p *pb.OnlineWriteBatchRequest) *onlinestore.WriteBatchRequest {
	rows := make([]onlinestore.WriteRow, len(p.GetRows()))
	for i, r := range p.GetRows() {
		rows[i] = onlinestore.WriteRow{
			EntityKey:        EntityKeyFromProto(r.GetEntityKey()),
			Values:           ValuesFromProto(r.GetValues()),
			EventTimestamp:   types.FromMicros(r.GetEventTimestamp()),
			CreatedTimestamp: types.FromMicros(r.GetCreatedTimestamp()),
		}
	}
	return &onlinestore.WriteBatchRequest{
		Project:      p.GetProject(),
		FeatureView:  p.GetFeatureView(),
		FeatureNames: p.GetFeatureNames(),
		Rows:         rows,
	}
}

// ReadRequestToProto converts a read request.
func ReadRequestToProto(r *onlinestore.ReadRequest) *pb.ReadRequest {
	views := make([]*pb.ReadView, len(r.Views))
	for i, v := range r.Views {
		views[i] = &pb.ReadView{
			FeatureView: v.FeatureView,
			Features:    v.Features,
			EntityKeys:  EntityKeysToProto(v.EntityKeys),
		}
	}
	return &pb.ReadRequest{Project: r.Project, Views: views}
}

// ReadRequestFromProto converts a read request.
func ReadRequestFromProto(p *pb.ReadRequest) *onlinestore.ReadRequest {
	views := make([]onlinestore.ReadView, len(p.GetViews()))
	for i, v := range p.GetViews() {
		views[i] = onlinestore.ReadView{
			FeatureView: v.GetFeatureView(),
			Features:    v.GetFeatures(),
			EntityKeys:  EntityKeysFromProto(v.GetEntityKeys()),
		}
	}
	return &onlinestore.ReadRequest{Project: p.GetProject(), Views: views}
}

// ReadRowToProto converts one row of a read result.
func ReadRowToProto(r *onlinestore.ReadRow) *pb.ReadRow {
	if !r.Found {
		return &pb.ReadRow{}
	}
	return &pb.ReadRow{
		Found:            true,
		Values:           ValuesToProto(r.Values),
		EventTimestamp:   types.ToMicros(r.EventTimestamp),
		CreatedTimestamp: types.ToMicros(r.CreatedTimestamp),
	}
}

// ReadRowFromProto converts one row of a read result.
func ReadRowFromProto(p *pb.ReadRow) onlinestore.ReadRow {
	if !p.GetFound() {
		return onlinestore.ReadRow{}
	}
	return onlinestore.ReadRow{
		Found:            true,
		Values:           ValuesFromProto(p.GetValues()),
		EventTimestamp:   types.FromMicros(p.GetEventTimestamp()),
		CreatedTimestamp: types.FromMicros(p.GetCreatedTimestamp()),
	}
}

// HealthResponseFromProto converts a health response.
func HealthResponseFromProto(p *pb.HealthResponse) *onlinestore.HealthResponse {
	return &onlinestore.HealthResponse{Serving: p.GetServing(), Message: p.GetMessage()}
}
