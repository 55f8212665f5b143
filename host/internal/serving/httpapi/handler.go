package httpapi

import (
	"net/http"
	"strings"
	"sync/atomic"

	"github.com/hashicorp/go-hclog"

	"github.com/quiverfs/quiver/host/internal/config"
	"github.com/quiverfs/quiver/host/internal/service"
	"github.com/quiverfs/quiver/host/internal/serving/authgate"
	"github.com/quiverfs/quiver/host/internal/serving/inflight"
	"github.com/quiverfs/quiver/host/internal/serving/metrics"
)

// Options configures the HTTP handler.
type Options struct {
	// Service does the work. Required.
	Service *service.Service
	// Metrics records requests and serves /metrics. Required.
	Metrics *metrics.Metrics
	// MaxBodyBytes caps request bodies; config.DefaultMaxBodyBytes when zero.
	MaxBodyBytes int64
	// InFlight caps the requests handled at once (GET /health and /metrics
	// aside), shared with the gRPC server; past it the server answers 503
	// with Retry-After. Optional; default config.DefaultMaxInFlight slots.
	InFlight *inflight.Limit
	// Logger logs panics and internal errors. Optional.
	Logger hclog.Logger
	// Gate authenticates callers; nil or disabled admits everyone as
	// anonymous.
	Gate *authgate.Gate
	// ProtectHealth makes GET /health and /metrics need credentials too.
	ProtectHealth bool
	// ErrorFormat is the form of error bodies, a config.ErrorFormat*
	// value; config.ErrorFormatAuto when empty.
	ErrorFormat string
	// Version is quiver's version, for GET /api/v1/project.
	Version string
	// GRPCPort holds the gRPC server's port once it listens, for GET
	// /api/v1/project. Optional.
	GRPCPort *atomic.Int32
}

// api holds what the handlers share.
type api struct {
	svc     *service.Service
	metrics *metrics.Metrics
	// metricsH serves the Prometheus metrics.
	metricsH http.Handler
	maxBody  int64
	log      hclog.Logger
	errors   errorForm
	// version and grpcPort answer GET /api/v1/project.
	version  string
	grpcPort *atomic.Int32
}

// New returns the HTTP handler of the feature server.
func New(opts Options) http.Handler {
	a := &api{svc: opts.Service, metrics: opts.Metrics, maxBody: opts.MaxBodyBytes, log: opts.Logger, errors: errorForm(opts.ErrorFormat),
		version: opts.Version, grpcPort: opts.GRPCPort}
	if a.maxBody <= 0 {
		a.maxBody = config.DefaultMaxBodyBytes
	}
	if a.log == nil {
		a.log = hclog.NewNullLogger()
	}
	a.metricsH = a.metrics.Handler()
	mux := http.NewServeMux()
	inFlight := opts.InFlight
	if inFlight == nil {
		inFlight = inflight.New(config.DefaultMaxInFlight)
	}
	admit := newAdmission(inFlight, a.maxBody, a.errors)
	allowed := map[string][]string{}
	for _, e := range endpoints {
		var h http.Handler = a.recoverer(func(w http.ResponseWriter, r *http.Request) { e.serve(a, w, r) })
		if e.method == http.MethodPost {
			h = admit.wrap(h)
		}
		if opts.Gate.Enabled() && (!e.health || opts.ProtectHealth) {
			h = a.authenticate(opts.Gate, h)
		}
		mux.Handle(e.method+" "+e.path, a.instrument(strings.TrimPrefix(e.path, "/"), h))
		allowed[e.path] = append(allowed[e.path], e.method)
	}
	for path, methods := range allowed {
		mux.Handle(path, a.instrument("other", methodNotAllowed(methods)))
	}
	mux.Handle("/", a.instrument("other", a.recoverer(a.notFound)))
	return mux
}

// methodNotAllowed answers a known path asked with another method.
func methodNotAllowed(methods []string) http.Handler {
	allow := strings.Join(methods, ", ")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", allow)
		quiverForm.write(w, r, http.StatusMethodNotAllowed, "method_not_allowed", r.URL.Path+" takes "+allow+", not "+r.Method, "")
	})
}

// endpoint is one route of the feature server.
type endpoint struct {
	method, path string
	serve        func(*api, http.ResponseWriter, *http.Request)
	// health marks the routes open to anyone unless the server protects
	// health and metrics.
	health bool
}

// endpoints are every route, in the order Summary lists them.
var endpoints = []endpoint{
	{http.MethodPost, "/get-online-features", (*api).getOnlineFeatures, false},
	{http.MethodPost, "/retrieve-online-documents", (*api).retrieveDocuments, false},
	// /search is Feast's current name for document search; its client tries it first.
	{http.MethodPost, "/search", (*api).retrieveDocuments, false},
	{http.MethodPost, "/get-historical-features", (*api).getHistoricalFeatures, false},
	{http.MethodPost, "/push", (*api).push, false},
	{http.MethodPost, "/write-to-online-store", (*api).writeToOnlineStore, false},
	{http.MethodPost, "/materialize", (*api).materialize, false},
	{http.MethodPost, "/materialize-incremental", (*api).materializeIncremental, false},
	{http.MethodGet, "/api/v1/project", (*api).project, false},
	{http.MethodGet, "/api/v1/registry/{kind}", (*api).listObjects, false},
	{http.MethodGet, "/api/v1/registry/{kind}/{name}", (*api).describeObject, false},
	{http.MethodGet, "/health", (*api).health, true},
	{http.MethodGet, "/metrics", (*api).metricsEndpoint, true},
}

// Routes lists every route as "METHOD /path".
func Routes() []string {
	out := make([]string, len(endpoints))
	for i, e := range endpoints {
		out[i] = e.method + " " + e.path
	}
	return out
}

// Summary lists the endpoints, for help texts and 404 answers:
// "POST /a, /b and GET /c, /d".
func Summary() string {
	var parts []string
	var paths []string
	method := ""
	flush := func() {
		if len(paths) > 0 {
			parts = append(parts, method+" "+strings.Join(paths, ", "))
		}
	}
	for _, e := range endpoints {
		if e.method != method {
			flush()
			method, paths = e.method, nil
		}
		paths = append(paths, e.path)
	}
	flush()
	return strings.Join(parts, " and ")
}

// quiverForm answers unknown paths and methods in Quiver's form whatever
// the client: Feast's client falls back to an older endpoint only on a 404
// it cannot map to one of its exceptions (as FastAPI's {"detail": ...}).
const quiverForm = errorForm(config.ErrorFormatQuiver)

// notFound answers unknown paths with a JSON error.
func (a *api) notFound(w http.ResponseWriter, r *http.Request) {
	quiverForm.write(w, r, http.StatusNotFound, "not_found", "no endpoint "+r.Method+" "+r.URL.Path+"; the server offers "+Summary(), "")
}
