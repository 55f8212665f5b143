package serving

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-hclog"
	"google.golang.org/grpc"

	"github.com/quiverfs/quiver/host/internal/embed"
	"github.com/quiverfs/quiver/host/internal/featurestore"
	"github.com/quiverfs/quiver/host/internal/pitjoin"
	"github.com/quiverfs/quiver/host/internal/service"
	"github.com/quiverfs/quiver/host/internal/serving/flightapi"
	"github.com/quiverfs/quiver/host/internal/serving/grpcapi"
	"github.com/quiverfs/quiver/host/internal/serving/httpapi"
	"github.com/quiverfs/quiver/host/internal/serving/inflight"
	"github.com/quiverfs/quiver/host/internal/serving/metrics"
	"github.com/quiverfs/quiver/host/internal/serving/registryapi"
	"github.com/quiverfs/quiver/host/internal/serving/snapshot"
	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/telemetry"
)

// ShutdownTimeout bounds a graceful shutdown: requests still running after
// it are cut off.
const ShutdownTimeout = 10 * time.Second

// maxHeaderBytes caps a request's headers (net/http's default is 1 MiB).
const maxHeaderBytes = 64 << 10

// Options configures a feature server.
type Options struct {
	// FS is the open feature repository. Required.
	FS *featurestore.FeatureStore
	// HTTPAddr and GRPCAddr are HOST:PORT to listen on; default the
	// feature_server block of quiver.yaml.
	HTTPAddr, GRPCAddr string
	// RefreshInterval is how often the registry is reloaded; default
	// snapshot.DefaultInterval.
	RefreshInterval time.Duration
	// OnlinePlugin and OfflinePlugin name the plugin binaries serving the
	// stores; empty for embedded stores.
	OnlinePlugin, OfflinePlugin string
	// Logger is the server's logger. Optional.
	Logger hclog.Logger
	// Version is quiver's version, answered by GET /api/v1/project.
	Version string
	// Traced gives every HTTP request and RPC a span, continued from the
	// caller's trace context (OpenTelemetry); telemetry.Start sets where
	// spans go.
	Traced bool
}

// Server is a feature server ready to serve.
type Server struct {
	opts    Options
	log     hclog.Logger
	cache   *snapshot.Cache
	metrics *metrics.Metrics
	service *service.Service
	handler http.Handler
	grpc    *grpc.Server
	// grpcPort is the gRPC listener's port once Serve runs.
	grpcPort atomic.Int32
}

// New loads the registry, opens the online store and builds both front
// ends. It fails if the registry or the online store cannot be opened.
func New(ctx context.Context, opts Options) (*Server, error) {
	fs := opts.FS
	log := opts.Logger
	if log == nil {
		log = hclog.NewNullLogger()
	}
	cache, err := snapshot.New(ctx, snapshot.Options{Load: fs.Repo, Interval: opts.RefreshInterval, Logger: log})
	if err != nil {
		return nil, err
	}
	if _, err := fs.Online(ctx); err != nil { // fail now, not at the first request
		return nil, fmt.Errorf("opening the online store: %w", err)
	}
	m := metrics.New()
	cfg := fs.Config
	onlineInfo := service.StoreInfo{Type: cfg.OnlineStore.Type, Plugin: opts.OnlinePlugin}
	offlineInfo := service.StoreInfo{Type: cfg.OfflineStore.Type, Plugin: opts.OfflinePlugin}
	emb, err := embed.New(cfg.Embedder)
	if err != nil {
		return nil, err
	}
	svc, err := service.New(ctx, service.Options{
		FS:    fs,
		Repos: cache,
		InstrumentOnline: func(s onlinestore.Store) onlinestore.Store {
			return m.Online(s, metrics.StoreLabel{Type: onlineInfo.Type, Plugin: onlineInfo.Plugin != ""})
		},
		InstrumentOffline: func(s offlinestore.Store) offlinestore.Store {
			return m.Offline(s, metrics.StoreLabel{Type: offlineInfo.Type, Plugin: offlineInfo.Plugin != ""})
		},
		OnlineInfo:  onlineInfo,
		OfflineInfo: offlineInfo,
		Historical:  &pitjoin.Engine{Logger: log.Named("pitjoin")},
		Embedder:    emb,
		OpenHealth:  !cfg.Server.ProtectHealth,
	})
	if err != nil {
		return nil, err
	}
	s := &Server{opts: opts, log: log, cache: cache, metrics: m, service: svc}
	inFlight := inflight.New(cfg.Server.MaxInFlight) // one cap for both front ends
	gate, err := newGate(ctx, cfg, svc, log)
	if err != nil {
		return nil, err
	}
	s.handler = httpapi.New(httpapi.Options{Service: svc, Metrics: m, MaxBodyBytes: cfg.Server.MaxBodyBytes,
		InFlight: inFlight, Logger: log.Named("http"), Gate: gate, ProtectHealth: cfg.Server.ProtectHealth,
		ErrorFormat: cfg.Server.ErrorFormat, Version: opts.Version, GRPCPort: &s.grpcPort})
	grpcOpts := grpcapi.ServerOptions(m, log.Named("grpc"), cfg.Server, inFlight, gate)
	if opts.Traced {
		s.handler = traced(s.handler)
		grpcOpts = append(grpcOpts, grpc.StatsHandler(telemetry.GRPCServerHandler()))
	}
	s.handler = withUI(s.handler)
	s.grpc = grpc.NewServer(grpcOpts...)
	grpcapi.Register(s.grpc, svc)
	flightapi.Register(s.grpc, svc, log.Named("flight"), cfg.Server)
	registryapi.Register(s.grpc, svc, cfg.Dir)
	return s, nil
}

// Handler returns the HTTP handler.
func (s *Server) Handler() http.Handler { return s.handler }

// Service returns the service both front ends call.
func (s *Server) Service() *service.Service { return s.service }

// Addrs returns the HTTP and gRPC addresses to listen on.
func (s *Server) Addrs() (httpAddr, grpcAddr string) {
	httpAddr, grpcAddr = s.opts.HTTPAddr, s.opts.GRPCAddr
	if httpAddr == "" {
		httpAddr = s.opts.FS.Config.Server.HTTPAddr
	}
	if grpcAddr == "" {
		grpcAddr = s.opts.FS.Config.Server.GRPCAddr
	}
	return httpAddr, grpcAddr
}

// ListenAndServe listens on both addresses, calls ready with the bound
// addresses, and serves until ctx ends; then it shuts down gracefully.
func (s *Server) ListenAndServe(ctx context.Context, ready func(httpAddr, grpcAddr net.Addr)) error {
	httpAddr, grpcAddr := s.Addrs()
	hl, err := net.Listen("tcp", httpAddr)
	if err != nil {
		return fmt.Errorf("http: %w", err)
	}
	gl, err := net.Listen("tcp", grpcAddr)
	if err != nil {
		hl.Close()
		return fmt.Errorf("grpc: %w", err)
	}
	if ready != nil {
		ready(hl.Addr(), gl.Addr())
	}
	return s.Serve(ctx, hl, gl)
}

// Serve serves HTTP on hl and gRPC on gl until ctx ends or a server
// fails, reloading the registry meanwhile. On return both listeners are
// closed and in-flight requests have finished (or ShutdownTimeout passed).
func (s *Server) Serve(ctx context.Context, hl, gl net.Listener) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go s.cache.Run(ctx)
	if a, ok := gl.Addr().(*net.TCPAddr); ok {
		s.grpcPort.Store(int32(a.Port))
	}
	sc := s.opts.FS.Config.Server
	hs := &http.Server{Handler: s.handler, ReadHeaderTimeout: sc.ReadHeaderTimeout, ReadTimeout: sc.ReadTimeout,
		WriteTimeout: sc.WriteTimeout, IdleTimeout: sc.IdleTimeout, MaxHeaderBytes: maxHeaderBytes,
		ErrorLog: s.log.Named("http").StandardLogger(&hclog.StandardLoggerOptions{InferLevels: true})}
	errs := make(chan error, 2)
	go func() { errs <- wrap("http", hs.Serve(hl)) }()
	go func() { errs <- wrap("grpc", s.grpc.Serve(gl)) }()
	var first error
	received := 0
	select {
	case <-ctx.Done():
	case first = <-errs:
		received++
	}
	s.shutdown(hs)
	for ; received < 2; received++ {
		if err := <-errs; first == nil {
			first = err
		}
	}
	return first
}

// shutdown stops both servers gracefully, forcibly after ShutdownTimeout.
func (s *Server) shutdown(hs *http.Server) {
	sctx, cancel := context.WithTimeout(context.Background(), ShutdownTimeout)
	defer cancel()
	done := make(chan struct{})
	go func() {
		s.grpc.GracefulStop()
		close(done)
	}()
	if err := hs.Shutdown(sctx); err != nil {
		s.log.Warn("http shutdown", "error", err)
		hs.Close()
	}
	select {
	case <-done:
	case <-sctx.Done():
		s.grpc.Stop()
		<-done
	}
}

// wrap drops the errors a clean shutdown returns.
func wrap(name string, err error) error {
	if err == nil || errors.Is(err, http.ErrServerClosed) || errors.Is(err, grpc.ErrServerStopped) {
		return nil
	}
	return fmt.Errorf("%s server: %w", name, err)
}
