package serving_test

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	servingv1 "github.com/quiverfs/quiver/host/internal/gen/quiver/serving/v1"
	"github.com/quiverfs/quiver/sdk/types"
)

// grpcRead reads features of drivers over gRPC and returns the answer in
// the shape results gives an HTTP answer.
func grpcRead(t *testing.T, e *env, features []string, drivers ...int64) ([]string, []column) {
	t.Helper()
	col := &servingv1.Column{Name: "driver_id"}
	for _, d := range drivers {
		col.Values = append(col.Values, &servingv1.Value{Kind: &servingv1.Value_Int64Value{Int64Value: d}})
	}
	resp, err := e.grpc.GetOnlineFeatures(context.Background(), &servingv1.GetOnlineFeaturesRequest{
		Features: features, Entities: []*servingv1.Column{col}})
	if err != nil {
		t.Fatal(err)
	}
	cols := make([]column, len(resp.Results))
	for i, r := range resp.Results {
		for _, v := range r.Values {
			cols[i].Values = append(cols[i].Values, jsonOf(v))
		}
		for _, s := range r.Statuses {
			cols[i].Statuses = append(cols[i].Statuses, s.String())
		}
		for _, us := range r.EventTimestampsMicros {
			cols[i].Timestamps = append(cols[i].Timestamps, time.UnixMicro(us).UTC().Format(time.RFC3339Nano))
		}
	}
	return resp.FeatureNames, cols
}

// jsonOf returns what encoding/json decodes the HTTP form of v to.
func jsonOf(v *servingv1.Value) any {
	switch k := v.Kind.(type) {
	case *servingv1.Value_Int64Value:
		return float64(k.Int64Value)
	case *servingv1.Value_Int32Value:
		return float64(k.Int32Value)
	case *servingv1.Value_FloatValue:
		return float64(k.FloatValue)
	case *servingv1.Value_DoubleValue:
		return k.DoubleValue
	case *servingv1.Value_StringValue:
		return k.StringValue
	case *servingv1.Value_BoolValue:
		return k.BoolValue
	case *servingv1.Value_BytesValue:
		return base64.StdEncoding.EncodeToString(k.BytesValue)
	}
	return nil
}

func TestGRPCErrorsMapToCodes(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ctx := context.Background()
	ids := &servingv1.Column{Name: "driver_id", Values: []*servingv1.Value{{Kind: &servingv1.Value_StringValue{StringValue: "abc"}}}}
	tests := []struct {
		name string
		call func() error
		code codes.Code
		msg  string
	}{
		{"unknown view", func() error {
			_, err := e.grpc.GetOnlineFeatures(ctx, &servingv1.GetOnlineFeaturesRequest{Features: []string{"nope:x"}})
			return err
		}, codes.NotFound, `unknown feature view "nope"`},
		{"wrong type", func() error {
			_, err := e.grpc.GetOnlineFeatures(ctx, &servingv1.GetOnlineFeaturesRequest{Features: []string{"driver_stats:trips"},
				Entities: []*servingv1.Column{ids}})
			return err
		}, codes.InvalidArgument, "expected int64"},
		{"unknown push source", func() error {
			_, err := e.grpc.Push(ctx, &servingv1.PushRequest{PushSourceName: "nope"})
			return err
		}, codes.NotFound, `unknown push source "nope"`},
		{"too large", func() error {
			_, err := e.grpc.WriteToOnlineStore(ctx, &servingv1.WriteToOnlineStoreRequest{FeatureViewName: strings.Repeat("x", 2*maxBody)})
			return err
		}, codes.ResourceExhausted, "larger than max"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			if s, _ := status.FromError(err); s.Code() != tt.code || !strings.Contains(s.Message(), tt.msg) {
				t.Errorf("err = %v; want %s containing %q", err, tt.code, tt.msg)
			}
		})
	}
}

func TestGRPCHealthAndWrite(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ctx := context.Background()
	h, err := e.grpc.Health(ctx, &servingv1.HealthRequest{})
	if err != nil || !h.Serving || len(h.Components) != 3 {
		t.Fatalf("Health = %v, %v", h, err)
	}
	col := func(name string, v *servingv1.Value) *servingv1.Column {
		return &servingv1.Column{Name: name, Values: []*servingv1.Value{v}}
	}
	_, err = e.grpc.WriteToOnlineStore(ctx, &servingv1.WriteToOnlineStoreRequest{FeatureViewName: "customer_profile", Df: []*servingv1.Column{
		col("customer_id", &servingv1.Value{Kind: &servingv1.Value_StringValue{StringValue: "c9"}}),
		col("tier", &servingv1.Value{Kind: &servingv1.Value_StringValue{StringValue: "silver"}}),
		col("ts", &servingv1.Value{Kind: &servingv1.Value_TimestampValue{TimestampValue: types.ToMicros(now)}}),
	}})
	if err != nil {
		t.Fatal(err)
	}
	status, answer := e.post(t, "/get-online-features", `{"features": ["customer_profile:tier"], "entities": {"customer_id": ["c9"]}}`)
	if _, cols := results(t, answer); status != 200 || cols[1].Values[0] != "silver" {
		t.Errorf("read after gRPC write = %d %v", status, answer)
	}
}
