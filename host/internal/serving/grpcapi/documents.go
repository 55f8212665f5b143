package grpcapi

import (
	"context"

	"github.com/quiverfs/quiver/host/internal/apierr"
	servingv1 "github.com/quiverfs/quiver/host/internal/gen/quiver/serving/v1"
	"github.com/quiverfs/quiver/host/internal/vector"
	"github.com/quiverfs/quiver/sdk/types"
)

// RetrieveOnlineDocuments implements servingv1.FeatureServerServer.
func (s *server) RetrieveOnlineDocuments(ctx context.Context, req *servingv1.RetrieveOnlineDocumentsRequest) (*servingv1.RetrieveOnlineDocumentsResponse, error) {
	filter, err := fromDocumentFilter(req.GetFilters())
	if err != nil {
		return nil, statusOf(err)
	}
	resp, err := s.svc.RetrieveDocuments(ctx, &vector.Request{FeatureView: req.GetFeatureView(), Features: req.GetFeatures(),
		QueryVector: req.GetQuery(), QueryText: req.GetQueryString(), TopK: int(req.GetTopK()),
		Metric: req.GetDistanceMetric(), Filter: filter})
	if err != nil {
		return nil, statusOf(err)
	}
	names := resp.Feast().Metadata.FeatureNames
	out := &servingv1.RetrieveOnlineDocumentsResponse{FeatureNames: names, Results: make([]*servingv1.FeatureVector, len(names))}
	for c := range names {
		fv := &servingv1.FeatureVector{Values: make([]*servingv1.Value, len(resp.Hits)),
			Statuses: make([]servingv1.FieldStatus, len(resp.Hits)), EventTimestampsMicros: make([]int64, len(resp.Hits))}
		for i, h := range resp.Hits {
			v := resp.Cell(h, c)
			fv.Values[i] = toValue(v)
			fv.Statuses[i] = servingv1.FieldStatus_PRESENT
			if v.IsNull() {
				fv.Statuses[i] = servingv1.FieldStatus_NULL_VALUE
			}
			fv.EventTimestampsMicros[i] = types.ToMicros(h.EventTimestamp)
		}
		out.Results[c] = fv
	}
	return out, nil
}

// fromDocumentFilter converts a filter tree into an untyped node.
func fromDocumentFilter(f *servingv1.DocumentFilter) (*vector.Node, error) {
	if f == nil {
		return nil, nil
	}
	n := &vector.Node{Op: f.GetType(), Key: f.GetKey()}
	switch f.GetType() {
	case "and", "or":
		for _, c := range f.GetFilters() {
			child, err := fromDocumentFilter(c)
			if err != nil {
				return nil, err
			}
			n.Children = append(n.Children, child)
		}
		return n, nil
	case "in", "nin":
		n.Values = []any{}
		for _, v := range f.GetValues() {
			n.Values = append(n.Values, fromValue(v))
		}
		return n, nil
	case "":
		return nil, apierr.Invalid("filters: a filter needs a type (eq, ne, gt, gte, lt, lte, in, nin, and, or)")
	}
	if f.GetValue() != nil {
		n.Value = fromValue(f.GetValue())
	}
	return n, nil
}
