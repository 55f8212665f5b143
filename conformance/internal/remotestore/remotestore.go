// Package remotestore is the memory stores behind a pretend backend, for
// the suite's own tests: every call first dials the TCP address of the
// "address" setting, so a config naming a closed port makes the store
// unreachable as a store over a database server would be. Faults turn on
// deliberate bugs, to prove that the cases catch them.
package remotestore

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/quiverfs/quiver/conformance/memstore"
	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
)

// Faults are deliberate bugs; the zero value is a correct store.
type Faults struct {
	// HealthAlwaysServing: Health says serving without asking the backend.
	HealthAlwaysServing bool
	// ServeWhileDown: reads and writes go to memory when the backend is down.
	ServeWhileDown bool
	// HangWhileDown: calls wait for their context to end when the backend is down.
	HangWhileDown bool
	// ClearOnBadConfig: Configure drops every stored row before it rejects a config.
	ClearOnBadConfig bool
}

// faultNames are the names ParseFaults takes.
var faultNames = map[string]func(*Faults){
	"health-always-serving": func(f *Faults) { f.HealthAlwaysServing = true },
	"serve-while-down":      func(f *Faults) { f.ServeWhileDown = true },
	"hang-while-down":       func(f *Faults) { f.HangWhileDown = true },
	"clear-on-bad-config":   func(f *Faults) { f.ClearOnBadConfig = true },
}

// ParseFaults reads a comma-separated list of fault names.
func ParseFaults(s string) (Faults, error) {
	var f Faults
	for _, n := range strings.Split(s, ",") {
		if n = strings.TrimSpace(n); n == "" {
			continue
		}
		set, ok := faultNames[n]
		if !ok {
			return f, fmt.Errorf("remotestore: unknown fault %q", n)
		}
		set(&f)
	}
	return f, nil
}

// backend is the address and faults shared by both stores' logic.
type backend struct {
	mu     sync.RWMutex
	addr   string // "" : no backend to ask
	faults Faults
}

// split takes "address" out of a config block and returns the rest.
func split(raw json.RawMessage) (string, json.RawMessage, error) {
	var fields map[string]json.RawMessage
	if len(raw) > 0 && string(raw) != "null" {
		if err := json.Unmarshal(raw, &fields); err != nil {
			return "", nil, storeerr.InvalidArgument("remote store config must be a JSON object: %v", err)
		}
	}
	var addr string
	if a, ok := fields["address"]; ok {
		if err := json.Unmarshal(a, &addr); err != nil {
			return "", nil, storeerr.InvalidArgument("remote store config: address must be a string")
		}
		if _, _, err := net.SplitHostPort(addr); err != nil {
			return "", nil, storeerr.InvalidArgument("remote store config: address %q is not host:port", addr)
		}
		delete(fields, "address")
	}
	rest, err := json.Marshal(fields)
	if err != nil {
		return "", nil, storeerr.Internal("remote store config: %v", err)
	}
	return addr, rest, nil
}

// check asks the backend: nil when it answers (or when there is none).
func (b *backend) check(ctx context.Context) error {
	b.mu.RLock()
	addr, f := b.addr, b.faults
	b.mu.RUnlock()
	if addr == "" {
		return nil
	}
	d := net.Dialer{Timeout: time.Second}
	c, err := d.DialContext(ctx, "tcp", addr)
	if err == nil {
		_ = c.Close()
		return nil
	}
	switch {
	case f.HangWhileDown:
		<-ctx.Done()
		return storeerr.Unavailable("remote store: backend %s: %v", addr, ctx.Err()).Downstream()
	case f.ServeWhileDown:
		return nil
	}
	return storeerr.Unavailable("remote store: backend %s: %v", addr, err).Downstream()
}

// setAddr switches to a new backend address.
func (b *backend) setAddr(addr string) {
	b.mu.Lock()
	b.addr = addr
	b.mu.Unlock()
}

// Online is memstore's online store behind the backend.
type Online struct {
	backend
	imu   sync.RWMutex
	inner *memstore.Online
}

var _ onlinestore.Store = (*Online)(nil)

// NewOnline returns an unconfigured online store with the given faults.
func NewOnline(f Faults) *Online {
	return &Online{backend: backend{faults: f}, inner: memstore.NewOnline()}
}

func (s *Online) store() *memstore.Online {
	s.imu.RLock()
	defer s.imu.RUnlock()
	return s.inner
}

// Configure implements onlinestore.Store: the settings are memstore's and
// "address"; an unreachable backend is Unavailable, and the settings stay.
func (s *Online) Configure(ctx context.Context, req *onlinestore.ConfigureRequest) (*onlinestore.ConfigureResponse, error) {
	addr, rest, err := split(req.Config)
	if err == nil {
		r := *req
		r.Config = rest
		_, err = s.store().Configure(ctx, &r)
	}
	if err != nil {
		if s.faults.ClearOnBadConfig {
			s.imu.Lock()
			s.inner = memstore.NewOnline()
			s.imu.Unlock()
		}
		return nil, err
	}
	s.setAddr(addr)
	if err := s.check(ctx); err != nil {
		return nil, err
	}
	return &onlinestore.ConfigureResponse{}, nil
}

// ApplyInfra implements onlinestore.Store.
func (s *Online) ApplyInfra(ctx context.Context, req *onlinestore.ApplyInfraRequest) (*onlinestore.ApplyInfraResponse, error) {
	if err := s.check(ctx); err != nil {
		return nil, err
	}
	return s.store().ApplyInfra(ctx, req)
}

// Teardown implements onlinestore.Store.
func (s *Online) Teardown(ctx context.Context, req *onlinestore.TeardownRequest) (*onlinestore.TeardownResponse, error) {
	if err := s.check(ctx); err != nil {
		return nil, err
	}
	return s.store().Teardown(ctx, req)
}

// WriteBatch implements onlinestore.Store.
func (s *Online) WriteBatch(ctx context.Context, req *onlinestore.WriteBatchRequest) (*onlinestore.WriteBatchResponse, error) {
	if err := s.check(ctx); err != nil {
		return nil, err
	}
	return s.store().WriteBatch(ctx, req)
}

// Read implements onlinestore.Store.
func (s *Online) Read(ctx context.Context, req *onlinestore.ReadRequest) (*onlinestore.ReadResponse, error) {
	if err := s.check(ctx); err != nil {
		return nil, err
	}
	return s.store().Read(ctx, req)
}

// Health implements onlinestore.Store: not serving when the backend does
// not answer.
func (s *Online) Health(ctx context.Context, req *onlinestore.HealthRequest) (*onlinestore.HealthResponse, error) {
	if !s.faults.HealthAlwaysServing {
		if err := s.check(ctx); err != nil {
			return &onlinestore.HealthResponse{Serving: false, Message: err.Error()}, nil
		}
	}
	return s.store().Health(ctx, req)
}

// Offline is memstore's offline store behind the backend.
type Offline struct {
	backend
	imu   sync.RWMutex
	inner *memstore.Offline
}

var _ offlinestore.Store = (*Offline)(nil)

// NewOffline returns an unconfigured offline store with the given faults.
func NewOffline(f Faults) *Offline {
	return &Offline{backend: backend{faults: f}, inner: memstore.NewOffline()}
}

func (s *Offline) store() *memstore.Offline {
	s.imu.RLock()
	defer s.imu.RUnlock()
	return s.inner
}

// Configure implements offlinestore.Store, as Online.Configure.
func (s *Offline) Configure(ctx context.Context, req *offlinestore.ConfigureRequest) (*offlinestore.ConfigureResponse, error) {
	addr, rest, err := split(req.Config)
	if err == nil {
		r := *req
		r.Config = rest
		_, err = s.store().Configure(ctx, &r)
	}
	if err != nil {
		if s.faults.ClearOnBadConfig {
			s.imu.Lock()
			s.inner = memstore.NewOffline()
			s.imu.Unlock()
		}
		return nil, err
	}
	s.setAddr(addr)
	if err := s.check(ctx); err != nil {
		return nil, err
	}
	return &offlinestore.ConfigureResponse{}, nil
}

// GetSourceSchema implements offlinestore.Store.
func (s *Offline) GetSourceSchema(ctx context.Context, req *offlinestore.GetSourceSchemaRequest) (*offlinestore.GetSourceSchemaResponse, error) {
	if err := s.check(ctx); err != nil {
		return nil, err
	}
	return s.store().GetSourceSchema(ctx, req)
}

// PullLatest implements offlinestore.Store.
func (s *Offline) PullLatest(ctx context.Context, req *offlinestore.PullRequest) (*offlinestore.PullResponse, error) {
	if err := s.check(ctx); err != nil {
		return nil, err
	}
	return s.store().PullLatest(ctx, req)
}

// PullRange implements offlinestore.Store.
func (s *Offline) PullRange(ctx context.Context, req *offlinestore.PullRequest) (*offlinestore.PullResponse, error) {
	if err := s.check(ctx); err != nil {
		return nil, err
	}
	return s.store().PullRange(ctx, req)
}

// WriteBatch implements offlinestore.Store.
func (s *Offline) WriteBatch(ctx context.Context, req *offlinestore.WriteBatchRequest) (*offlinestore.WriteBatchResponse, error) {
	if err := s.check(ctx); err != nil {
		return nil, err
	}
	return s.store().WriteBatch(ctx, req)
}

// Teardown implements offlinestore.Store.
func (s *Offline) Teardown(ctx context.Context, req *offlinestore.TeardownRequest) (*offlinestore.TeardownResponse, error) {
	if err := s.check(ctx); err != nil {
		return nil, err
	}
	return s.store().Teardown(ctx, req)
}
