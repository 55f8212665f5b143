// Package grpcerr is the one place where storeerr kinds meet gRPC codes:
// ToStatus on the plugin side, FromStatus on the host side. Both pass
// messages through redact.String, so credentials a store put in an error
// neither cross the wire nor reach the host's users.
package grpcerr

import (
	"context"
	"errors"
	"fmt"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "github.com/quiverfs/quiver/sdk/internal/gen/quiver/plugin/v1"
	"github.com/quiverfs/quiver/sdk/redact"
	"github.com/quiverfs/quiver/sdk/storeerr"
)

var kindToCode = map[storeerr.Kind]codes.Code{
	storeerr.KindInvalidArgument: codes.InvalidArgument,
	storeerr.KindNotFound:        codes.NotFound,
	storeerr.KindUnavailable:     codes.Unavailable,
	storeerr.KindUnsupported:     codes.Unimplemented,
	storeerr.KindInternal:        codes.Internal,
}

var codeToKind = map[codes.Code]storeerr.Kind{
	codes.InvalidArgument:    storeerr.KindInvalidArgument,
	codes.OutOfRange:         storeerr.KindInvalidArgument,
	codes.FailedPrecondition: storeerr.KindInvalidArgument,
	codes.ResourceExhausted:  storeerr.KindInvalidArgument,
	codes.NotFound:           storeerr.KindNotFound,
	codes.Unavailable:        storeerr.KindUnavailable,
	codes.DeadlineExceeded:   storeerr.KindUnavailable,
	codes.Canceled:           storeerr.KindUnavailable,
	codes.Unimplemented:      storeerr.KindUnsupported,
}

// ToStatus turns a store's error into a gRPC status error carrying its kind
// and source. Context errors keep their own codes.
func ToStatus(err error) error {
	if err == nil {
		return nil
	}
	switch {
	case errors.Is(err, context.Canceled):
		return status.Error(codes.Canceled, redact.Error(err))
	case errors.Is(err, context.DeadlineExceeded):
		return status.Error(codes.DeadlineExceeded, redact.Error(err))
	}
	e := storeerr.As(err)
	st := status.New(kindToCode[e.Kind], redact.String(e.Error()))
	if withDetail, derr := st.WithDetails(&pb.ErrorDetail{Kind: string(e.Kind), Source: string(e.Source)}); derr == nil {
		st = withDetail
	}
	return st.Err()
}

// FromStatus rebuilds a storeerr.Error from a gRPC error returned by plugin
// `plugin`, so errors.Is works on the host side. The message names the plugin.
func FromStatus(plugin string, err error) error {
	if err == nil {
		return nil
	}
	st, ok := status.FromError(err)
	if !ok {
		return &storeerr.Error{Kind: storeerr.KindInternal, Source: storeerr.SourcePlugin,
			Message: fmt.Sprintf("plugin %s: %s", plugin, redact.Error(err)), Err: err}
	}
	kind, known := codeToKind[st.Code()]
	if !known {
		kind = storeerr.KindInternal
	}
	source := storeerr.SourcePlugin
	for _, d := range st.Details() {
		if det, ok := d.(*pb.ErrorDetail); ok {
			kind, source = storeerr.Kind(det.GetKind()), storeerr.Source(det.GetSource())
		}
	}
	msg := redact.String(st.Message())
	if st.Code() == codes.Unavailable && len(st.Details()) == 0 {
		msg = "plugin is not reachable (it may have exited): " + msg
	}
	return &storeerr.Error{Kind: kind, Source: source, Message: fmt.Sprintf("plugin %s: %s", plugin, msg)}
}
