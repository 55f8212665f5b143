package serving_test

import (
	"context"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	servingv1 "github.com/quiverfs/quiver/host/internal/gen/quiver/serving/v1"
)

// FuzzGRPCRequests sends arbitrary protobuf bytes, decoded as each
// request message of the gRPC feature server, through a real connection:
// the answer is never Internal or Unknown (a crash or an unclassified
// error), only success or a client error.
func FuzzGRPCRequests(f *testing.F) {
	e := newEnv(f, nil)
	i64 := func(v int64) *servingv1.Value {
		return &servingv1.Value{Kind: &servingv1.Value_Int64Value{Int64Value: v}}
	}
	seeds := []proto.Message{
		&servingv1.GetOnlineFeaturesRequest{Features: []string{"driver_stats:trips"},
			Entities: []*servingv1.Column{{Name: "driver_id", Values: []*servingv1.Value{i64(1001), i64(7)}}}},
		&servingv1.PushRequest{PushSourceName: "driver_push", Df: []*servingv1.Column{{Name: "driver_id", Values: []*servingv1.Value{i64(1)}},
			{Name: "event_timestamp", Values: []*servingv1.Value{{Kind: &servingv1.Value_TimestampValue{TimestampValue: 1 << 62}}}}}},
		&servingv1.WriteToOnlineStoreRequest{FeatureViewName: "customer_profile", Df: []*servingv1.Column{
			{Name: "customer_id", Values: []*servingv1.Value{{Kind: &servingv1.Value_StringValue{StringValue: "c1"}}}}}},
		&servingv1.MaterializeRequest{StartTs: "0001-01-01", EndTs: "9999-12-31"},
		&servingv1.MaterializeIncrementalRequest{EndTs: "0001-01-01"},
		&servingv1.RetrieveOnlineDocumentsRequest{Features: []string{"driver_stats:trips"}, TopK: 1 << 30},
	}
	for i, m := range seeds {
		b, err := proto.Marshal(m)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(uint8(i), b)
	}
	f.Fuzz(func(t *testing.T, method uint8, b []byte) {
		ctx := context.Background()
		var err error
		switch method % 6 {
		case 0:
			req := &servingv1.GetOnlineFeaturesRequest{}
			if proto.Unmarshal(b, req) != nil {
				return
			}
			_, err = e.grpc.GetOnlineFeatures(ctx, req)
		case 1:
			req := &servingv1.PushRequest{}
			if proto.Unmarshal(b, req) != nil {
				return
			}
			_, err = e.grpc.Push(ctx, req)
		case 2:
			req := &servingv1.WriteToOnlineStoreRequest{}
			if proto.Unmarshal(b, req) != nil {
				return
			}
			_, err = e.grpc.WriteToOnlineStore(ctx, req)
		case 3:
			req := &servingv1.MaterializeRequest{}
			if proto.Unmarshal(b, req) != nil {
				return
			}
			_, err = e.grpc.Materialize(ctx, req)
		case 4:
			req := &servingv1.MaterializeIncrementalRequest{}
			if proto.Unmarshal(b, req) != nil {
				return
			}
			_, err = e.grpc.MaterializeIncremental(ctx, req)
		case 5:
			req := &servingv1.RetrieveOnlineDocumentsRequest{}
			if proto.Unmarshal(b, req) != nil {
				return
			}
			_, err = e.grpc.RetrieveOnlineDocuments(ctx, req)
		}
		switch status.Code(err) {
		case codes.Internal, codes.Unknown, codes.DataLoss:
			t.Fatalf("method %d answered %v", method%6, err)
		}
	})
}
