package convert

import (
	"fmt"

	pb "github.com/quiverfs/quiver/sdk/internal/gen/quiver/plugin/v1"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

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

// ReadRequestFromProto converts a read request. The host asks every view
// for one row per entity row, so a view without join keys may declare as
// many keys as the view with the most keys, or MaxKeylessKeys if that is
// more; views without join keys share one array of empty keys.
func ReadRequestFromProto(p *pb.ReadRequest) (*onlinestore.ReadRequest, error) {
	views := make([]onlinestore.ReadView, len(p.GetViews()))
	limit := MaxKeylessKeys
	for i, v := range p.GetViews() {
		views[i] = onlinestore.ReadView{FeatureView: v.GetFeatureView(), Features: v.GetFeatures()}
		if len(v.GetEntityKeys().GetJoinKeys()) == 0 {
			continue
		}
		keys, err := EntityKeyColumnsFromProto(v.GetEntityKeys())
		if err != nil {
			return nil, fmt.Errorf("view %s: %w", v.GetFeatureView(), err)
		}
		views[i].EntityKeys = keys
		limit = max(limit, len(keys))
	}
	if err := keylessViews(p.GetViews(), views, limit); err != nil {
		return nil, err
	}
	return &onlinestore.ReadRequest{Project: p.GetProject(), Views: views}, nil
}

// keylessViews gives the views without join keys their keys, at most limit
// each, all slices of one array.
func keylessViews(ps []*pb.ReadView, views []onlinestore.ReadView, limit int) error {
	most := 0
	for _, v := range ps {
		if len(v.GetEntityKeys().GetJoinKeys()) > 0 {
			continue
		}
		n, err := keyCount(v.GetEntityKeys(), limit)
		if err != nil {
			return fmt.Errorf("view %s: %w", v.GetFeatureView(), err)
		}
		most = max(most, n)
	}
	empty := make([]types.EntityKey, most)
	for i, v := range ps {
		if len(v.GetEntityKeys().GetJoinKeys()) == 0 {
			n := int(v.GetEntityKeys().GetCount())
			views[i].EntityKeys = empty[:n:n]
		}
	}
	return nil
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
	out.Columns = make([]*pb.ValueColumn, nFeatures)
	for f := range nFeatures {
		out.Columns[f] = readColumnToProto(rows, f)
	}
	return out
}

// ViewRowsFromProto unpacks rows into dst, which has one row per entry of
// p.Found; every column must hold one value per row.
func ViewRowsFromProto(p *pb.ReadResponse_ViewRows, dst []onlinestore.ReadRow, nFeatures int) error {
	n := len(p.GetFound())
	if len(dst) != n || len(p.GetEventTimestamps()) != n || len(p.GetCreatedTimestamps()) != n || len(p.GetColumns()) != nFeatures {
		return fmt.Errorf("read chunk is inconsistent: %d rows, %d columns for %d features", n, len(p.GetColumns()), nFeatures)
	}
	if err := checkColumnRows(p.GetColumns(), n); err != nil {
		return err
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
		if nulls := col.GetNulls(); len(nulls) != 0 && len(nulls) != n {
			return fmt.Errorf("feature %d: column has %d null flags for %d rows", f, len(nulls), n)
		}
		if err := readColumnFromProto(col, dst, f); err != nil {
			return fmt.Errorf("feature %d: %w", f, err)
		}
	}
	return nil
}
