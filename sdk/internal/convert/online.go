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

// OnlineWriteBatchRequestFromProto unpacks one chunk of a write.
func OnlineWriteBatchRequestFromProto(p *pb.OnlineWriteBatchRequest) (*onlinestore.WriteBatchRequest, error) {
	keys, err := EntityKeyColumnsFromProto(p.GetEntityKeys())
	if err != nil {
		return nil, err
	}
	n := len(keys)
	if len(p.GetEventTimestamps()) != n || len(p.GetCreatedTimestamps()) != n || len(p.GetColumns()) != len(p.GetFeatureNames()) {
		return nil, fmt.Errorf("write chunk is inconsistent: %d keys, %d event and %d created timestamps, %d columns for %d features",
			n, len(p.GetEventTimestamps()), len(p.GetCreatedTimestamps()), len(p.GetColumns()), len(p.GetFeatureNames()))
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

// ReadRequestToProto converts a read request.
func ReadRequestToProto(r *onlinestore.ReadRequest) (*pb.ReadRequest, error) {
	views := make([]*pb.ReadView, len(r.Views))
	for i, v := range r.Views {
		keys, err := EntityKeyColumnsToProto(v.EntityKeys)
		if err != nil {
			return nil, fmt.Errorf("view %s: %w", v.FeatureView, err)
		}
		views[i] = &pb.ReadView{FeatureView: v.FeatureView, Features: v.Features, EntityKeys: keys}
	}
	return &pb.ReadRequest{Project: r.Project, Views: views}, nil
}

// ReadRequestFromProto converts a read request.
func ReadRequestFromProto(p *pb.ReadRequest) (*onlinestore.ReadRequest, error) {
	views := make([]onlinestore.ReadView, len(p.GetViews()))
	for i, v := range p.GetViews() {
		keys, err := EntityKeyColumnsFromProto(v.GetEntityKeys())
		if err != nil {
			return nil, fmt.Errorf("view %s: %w", v.GetFeatureView(), err)
		}
		views[i] = onlinestore.ReadView{FeatureView: v.GetFeatureView(), Features: v.GetFeatures(), EntityKeys: keys}
	}
	return &onlinestore.ReadRequest{Project: p.GetProject(), Views: views}, nil
}

// ViewRowsToProto packs rows first.. of view vi; every row has nFeatures
// values (rows not found count as null).
func ViewRowsToProto(vi, first int, rows []onlinestore.ReadRow, nFeatures int) *pb.ReadResponse_ViewRows {
	out := &pb.ReadResponse_ViewRows{ViewIndex: uint32(vi), FirstRow: uint32(first),
		Found: make([]bool, len(rows)), EventTimestamps: make([]int64, len(rows)), CreatedTimestamps: make([]int64, len(rows))}
	for i := range rows {
		out.Found[i] = rows[i].Found
		out.EventTimestamps[i] = types.ToMicros(rows[i].EventTimestamp)
		out.CreatedTimestamps[i] = types.ToMicros(rows[i].CreatedTimestamp)
	}
	for f := range nFeatures {
		out.Columns = append(out.Columns, ValueColumnToProto(len(rows), func(i int) types.Value {
			if !rows[i].Found || f >= len(rows[i].Values) {
				return types.Null()
			}
			return rows[i].Values[f]
		}))
	}
	return out
}

// ViewRowsFromProto unpacks rows into dst, which has one row per entry of p.Found.
func ViewRowsFromProto(p *pb.ReadResponse_ViewRows, dst []onlinestore.ReadRow, nFeatures int) error {
	n := len(p.GetFound())
	if len(dst) != n || len(p.GetEventTimestamps()) != n || len(p.GetCreatedTimestamps()) != n || len(p.GetColumns()) != nFeatures {
		return fmt.Errorf("read chunk is inconsistent: %d rows, %d columns for %d features", n, len(p.GetColumns()), nFeatures)
	}
	values := make([]types.Value, n*nFeatures)
	for i := range dst {
		if !p.GetFound()[i] {
			dst[i] = onlinestore.ReadRow{}
			continue
		}
		dst[i] = onlinestore.ReadRow{Found: true, Values: values[i*nFeatures : (i+1)*nFeatures : (i+1)*nFeatures],
			EventTimestamp:   types.FromMicros(p.GetEventTimestamps()[i]),
			CreatedTimestamp: types.FromMicros(p.GetCreatedTimestamps()[i])}
	}
	for f, col := range p.GetColumns() {
		err := ValueColumnFromProto(col, n, func(i int, v types.Value) {
			if dst[i].Found {
				dst[i].Values[f] = v
			}
		})
		if err != nil {
			return fmt.Errorf("feature %d: %w", f, err)
		}
	}
	return nil
}

// HealthResponseFromProto converts a health response.
func HealthResponseFromProto(p *pb.HealthResponse) *onlinestore.HealthResponse {
	return &onlinestore.HealthResponse{Serving: p.GetServing(), Message: p.GetMessage()}
}
