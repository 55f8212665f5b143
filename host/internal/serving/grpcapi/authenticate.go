package grpcapi

import (
	"context"

	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"

	"github.com/quiverfs/quiver/host/internal/authn"
	servingv1 "github.com/quiverfs/quiver/host/internal/gen/quiver/serving/v1"
	"github.com/quiverfs/quiver/host/internal/serving/authgate"
)

// healthMethod is open to anyone unless the server protects health.
var healthMethod = servingv1.FeatureServer_Health_FullMethodName

// authenticate admits a call whose "authorization" metadata carries a
// valid bearer token, with the caller's identity in its context; others
// fail with Unauthenticated before the handler runs.
func authenticate(gate *authgate.Gate, protectHealth bool) grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, next grpc.UnaryHandler) (any, error) {
		if !gate.Enabled() || (info.FullMethod == healthMethod && !protectHealth) {
			return next(ctx, req)
		}
		md, _ := metadata.FromIncomingContext(ctx)
		token, err := authn.GRPCToken(md)
		ctx, err = gate.Admit(ctx, info.FullMethod, token, err)
		if err != nil {
			return nil, statusFor(info.FullMethod, err)
		}
		return next(ctx, req)
	}
}
