package grpcerr

import (
	"errors"
	"strings"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/quiverfs/quiver/sdk/storeerr"
)

func TestErrorsCrossingTheBoundaryLoseTheirCredentials(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		err  error
	}{
		{"a store error", storeerr.Unavailable("redis at redis://u:s3cret@h:6379 is down").Downstream()},
		{"a plain error", errors.New("connect with password=s3cret failed")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			wire := ToStatus(tc.err)
			if strings.Contains(status.Convert(wire).Message(), "s3cret") {
				t.Errorf("ToStatus message holds the secret: %v", wire)
			}
			host := FromStatus("redis", wire)
			if strings.Contains(host.Error(), "s3cret") || !strings.Contains(host.Error(), "***") {
				t.Errorf("FromStatus = %v, want the secret masked", host)
			}
		})
	}
}

func TestFromStatusMasksCredentialsOfUntypedErrors(t *testing.T) {
	t.Parallel()
	for _, err := range []error{
		status.Error(codes.Internal, "token=s3cret"),
		errors.New("not a status: api_key=s3cret"),
	} {
		if got := FromStatus("p", err); strings.Contains(got.Error(), "s3cret") {
			t.Errorf("FromStatus(%v) = %v", err, got)
		}
	}
}

func TestFromStatusKeepsKindAndSource(t *testing.T) {
	t.Parallel()
	got := FromStatus("p", ToStatus(storeerr.Unavailable("down").Downstream()))
	var e *storeerr.Error
	if !errors.As(got, &e) || e.Kind != storeerr.KindUnavailable || e.Source != storeerr.SourceDownstream || e.Message != "plugin p: down" {
		t.Errorf("FromStatus = %#v", got)
	}
}
