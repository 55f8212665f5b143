package shim_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
)

func TestErrorKindsSurviveTheProcessBoundary(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		err      error
		sentinel error
		source   storeerr.Source
	}{
		{"invalid argument", storeerr.InvalidArgument("bad key %q", "addr"), storeerr.ErrInvalidArgument, storeerr.SourcePlugin},
		{"not found", storeerr.NotFound("no view v"), storeerr.ErrNotFound, storeerr.SourcePlugin},
		{"unavailable downstream", storeerr.Unavailable("redis at 127.0.0.1:1 refused").Downstream(), storeerr.ErrUnavailable, storeerr.SourceDownstream},
		{"unsupported", storeerr.Unsupported("no text"), storeerr.ErrUnsupported, storeerr.SourcePlugin},
		{"internal", storeerr.Internal("boom"), storeerr.ErrInternal, storeerr.SourcePlugin},
		{"wrapped", fmt.Errorf("redis: %w", storeerr.Unavailable("down")), storeerr.ErrUnavailable, storeerr.SourcePlugin},
		{"plain error", errors.New("plain"), storeerr.ErrInternal, storeerr.SourcePlugin},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := connectOnline(t, &fakeOnline{health: func() (*onlinestore.HealthResponse, error) { return nil, tt.err }})
			_, err := s.Health(context.Background(), &onlinestore.HealthRequest{})
			if !errors.Is(err, tt.sentinel) {
				t.Fatalf("err = %v, want errors.Is %v", err, tt.sentinel)
			}
			var se *storeerr.Error
			if !errors.As(err, &se) || se.Source != tt.source {
				t.Errorf("source = %v, want %v", se, tt.source)
			}
			if !strings.Contains(err.Error(), tt.err.Error()) || !strings.Contains(err.Error(), "fake") {
				t.Errorf("message %q does not carry the plugin's name and message %q", err, tt.err)
			}
		})
	}
}

func TestNilResponseWithoutErrorIsRejected(t *testing.T) {
	t.Parallel()
	s := connectOnline(t, &fakeOnline{health: func() (*onlinestore.HealthResponse, error) { return nil, nil }})
	_, err := s.Health(context.Background(), &onlinestore.HealthRequest{})
	if !errors.Is(err, storeerr.ErrInternal) || !strings.Contains(err.Error(), "neither a response nor an error") {
		t.Fatalf("err = %v, want Internal about a nil response", err)
	}
}

func TestReadAnsweringTheWrongNumberOfViewsIsInternal(t *testing.T) {
	t.Parallel()
	for _, path := range dataPaths {
		s := connectOnlineVia(t, path, &fakeOnline{read: func(*onlinestore.ReadRequest) (*onlinestore.ReadResponse, error) {
			return &onlinestore.ReadResponse{}, nil
		}})
		_, err := s.Read(context.Background(), &onlinestore.ReadRequest{Views: []onlinestore.ReadView{{FeatureView: "v"}}})
		if !errors.Is(err, storeerr.ErrInternal) {
			t.Fatalf("%s: err = %v, want Internal", path, err)
		}
	}
}

func TestReadErrorKindsSurviveEitherPath(t *testing.T) {
	t.Parallel()
	for _, path := range dataPaths {
		for _, want := range []error{storeerr.ErrInvalidArgument, storeerr.ErrNotFound, storeerr.ErrUnavailable, storeerr.ErrUnsupported, storeerr.ErrInternal} {
			s := connectOnlineVia(t, path, &fakeOnline{read: func(*onlinestore.ReadRequest) (*onlinestore.ReadResponse, error) {
				return nil, fmt.Errorf("the store says: %w", want)
			}})
			_, err := s.Read(context.Background(), &onlinestore.ReadRequest{Views: []onlinestore.ReadView{{FeatureView: "v"}}})
			if !errors.Is(err, want) || !strings.Contains(err.Error(), "the store says") {
				t.Errorf("%s: err = %v, want %v with the store's message", path, err, want)
			}
		}
	}
}
