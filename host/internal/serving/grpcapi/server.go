package grpcapi

import (
	"context"

	"google.golang.org/grpc"

	"github.com/quiverfs/quiver/host/internal/apierr"
	servingv1 "github.com/quiverfs/quiver/host/internal/gen/quiver/serving/v1"
	"github.com/quiverfs/quiver/host/internal/onlineread"
	"github.com/quiverfs/quiver/host/internal/service"
	"github.com/quiverfs/quiver/host/internal/serving/frame"
	"github.com/quiverfs/quiver/sdk/types"
)

// server implements the FeatureServer service over a service.Service.
type server struct {
	servingv1.UnimplementedFeatureServerServer
	svc *service.Service
}

var _ servingv1.FeatureServerServer = (*server)(nil)

// Register adds the FeatureServer service to s.
func Register(s *grpc.Server, svc *service.Service) {
	servingv1.RegisterFeatureServerServer(s, &server{svc: svc})
}

// GetOnlineFeatures implements servingv1.FeatureServerServer.
func (s *server) GetOnlineFeatures(ctx context.Context, req *servingv1.GetOnlineFeaturesRequest) (*servingv1.GetOnlineFeaturesResponse, error) {
	names, data, err := fromColumns("entities", req.GetEntities())
	if err != nil {
		return nil, statusOf(err)
	}
	resp, err := s.svc.GetOnlineFeatures(ctx, &onlineread.Request{Features: req.GetFeatures(), FeatureService: req.GetFeatureService(),
		JoinKeys: names, Entities: data, FullFeatureNames: req.GetFullFeatureNames()})
	if err != nil {
		return nil, statusOf(err)
	}
	out := &servingv1.GetOnlineFeaturesResponse{FeatureNames: resp.FeatureNames, Results: make([]*servingv1.FeatureVector, len(resp.Results))}
	for i, col := range resp.Results {
		fv := &servingv1.FeatureVector{Values: make([]*servingv1.Value, len(col.Values)),
			Statuses: make([]servingv1.FieldStatus, len(col.Statuses)), EventTimestampsMicros: make([]int64, len(col.EventTimestamps))}
		for j, v := range col.Values {
			fv.Values[j] = toValue(v)
		}
		for j, st := range col.Statuses {
			fv.Statuses[j] = toStatus(st)
		}
		for j, t := range col.EventTimestamps {
			if !t.IsZero() {
				fv.EventTimestampsMicros[j] = types.ToMicros(t)
			}
		}
		out.Results[i] = fv
	}
	return out, nil
}

var pushTo = map[servingv1.PushTo]service.PushTo{
	servingv1.PushTo_PUSH_TO_ONLINE:             service.ToOnline,
	servingv1.PushTo_PUSH_TO_OFFLINE:            service.ToOffline,
	servingv1.PushTo_PUSH_TO_ONLINE_AND_OFFLINE: service.ToOnlineAndOffline,
}

// Push implements servingv1.FeatureServerServer.
func (s *server) Push(ctx context.Context, req *servingv1.PushRequest) (*servingv1.PushResponse, error) {
	names, data, err := fromColumns("df", req.GetDf())
	if err != nil {
		return nil, statusOf(err)
	}
	to, ok := pushTo[req.GetTo()]
	if !ok {
		return nil, statusOf(apierr.Invalid("invalid push destination %d", req.GetTo()))
	}
	res, err := s.svc.Push(ctx, &service.PushRequest{Source: req.GetPushSourceName(), Frame: frame.Frame{Columns: names, Data: data}, To: to})
	if err != nil {
		return nil, statusOf(err)
	}
	return &servingv1.PushResponse{OnlineRows: res.OnlineRows, OfflineRows: res.OfflineRows}, nil
}

// WriteToOnlineStore implements servingv1.FeatureServerServer.
func (s *server) WriteToOnlineStore(ctx context.Context, req *servingv1.WriteToOnlineStoreRequest) (*servingv1.WriteToOnlineStoreResponse, error) {
	names, data, err := fromColumns("df", req.GetDf())
	if err != nil {
		return nil, statusOf(err)
	}
	res, err := s.svc.WriteToOnlineStore(ctx, &service.WriteRequest{FeatureView: req.GetFeatureViewName(), Frame: frame.Frame{Columns: names, Data: data}})
	if err != nil {
		return nil, statusOf(err)
	}
	return &servingv1.WriteToOnlineStoreResponse{Rows: res.Rows}, nil
}

// Materialize implements servingv1.FeatureServerServer.
func (s *server) Materialize(ctx context.Context, req *servingv1.MaterializeRequest) (*servingv1.MaterializeResponse, error) {
	return s.materialize(ctx, &service.MaterializeRequest{Start: req.GetStartTs(), End: req.GetEndTs(), Views: req.GetFeatureViews()})
}

// MaterializeIncremental implements servingv1.FeatureServerServer.
func (s *server) MaterializeIncremental(ctx context.Context, req *servingv1.MaterializeIncrementalRequest) (*servingv1.MaterializeResponse, error) {
	return s.materialize(ctx, &service.MaterializeRequest{End: req.GetEndTs(), Views: req.GetFeatureViews(), Incremental: true})
}

func (s *server) materialize(ctx context.Context, req *service.MaterializeRequest) (*servingv1.MaterializeResponse, error) {
	res, err := s.svc.Materialize(ctx, req)
	if err != nil {
		return nil, statusOf(err)
	}
	out := &servingv1.MaterializeResponse{}
	for _, v := range res.Views {
		out.Views = append(out.Views, &servingv1.ViewResult{View: v.View, StartMicros: types.ToMicros(v.Start),
			EndMicros: types.ToMicros(v.End), Rows: v.Rows, UpToDate: v.UpToDate})
	}
	return out, nil
}

// Health implements servingv1.FeatureServerServer.
func (s *server) Health(ctx context.Context, _ *servingv1.HealthRequest) (*servingv1.HealthResponse, error) {
	h, err := s.svc.Health(ctx)
	if err != nil {
		return nil, statusOf(err)
	}
	out := &servingv1.HealthResponse{Serving: h.Serving}
	for _, c := range h.Components {
		name := c.Type
		if c.Plugin != "" {
			name = c.Plugin
		}
		out.Components = append(out.Components, &servingv1.ComponentHealth{Component: c.Component, Name: name,
			Serving: c.Serving, Message: c.Message})
	}
	return out, nil
}
