package httpapi

import (
	"net/http"
	"strings"

	"github.com/hashicorp/go-hclog"

	"github.com/quiverfs/quiver/host/internal/config"
	"github.com/quiverfs/quiver/host/internal/serving/metrics"
	"github.com/quiverfs/quiver/host/internal/serving/service"
)

// Options configures the HTTP handler.
type Options struct {
	// Service does the work. Required.
	Service *service.Service
	// Metrics records requests and serves /metrics. Required.
	Metrics *metrics.Metrics
	// MaxBodyBytes caps request bodies; config.DefaultMaxBodyBytes when zero.
	MaxBodyBytes int64
	// MaxInFlight caps the requests handled at once (GET /health and
	// /metrics aside); past it the server answers 503 with Retry-After.
	// config.DefaultMaxInFlight when zero.
	MaxInFlight int
	// Logger logs panics and internal errors. Optional.
	Logger hclog.Logger
}

// api holds what the handlers share.
type api struct {
	svc     *service.Service
	metrics *metrics.Metrics
	maxBody int64
	log     hclog.Logger
}

// New returns the HTTP handler of the feature server.
func New(opts Options) http.Handler {
	a := &api{svc: opts.Service, metrics: opts.Metrics, maxBody: opts.MaxBodyBytes, log: opts.Logger}
	if a.maxBody <= 0 {
		a.maxBody = config.DefaultMaxBodyBytes
	}
	if a.log == nil {
		a.log = hclog.NewNullLogger()
	}
	mux := http.NewServeMux()
	routes := []struct {
		pattern, name string
		h             http.HandlerFunc
	}{
		{"POST /get-online-features", "get-online-features", a.getOnlineFeatures},
		{"POST /retrieve-online-documents", "retrieve-online-documents", a.retrieveDocuments},
		{"POST /push", "push", a.push},
		{"POST /write-to-online-store", "write-to-online-store", a.writeToOnlineStore},
		{"POST /get-historical-features", "get-historical-features", a.getHistoricalFeatures},
		{"POST /materialize", "materialize", a.materialize},
		{"POST /materialize-incremental", "materialize-incremental", a.materializeIncremental},
		{"GET /health", "health", a.health},
		{"GET /metrics", "metrics", a.metricsHandler()},
	}
	maxInFlight := opts.MaxInFlight
	if maxInFlight <= 0 {
		maxInFlight = config.DefaultMaxInFlight
	}
	limit := newInFlightLimit(maxInFlight)
	allowed := map[string][]string{}
	for _, r := range routes {
		var h http.Handler = a.recoverer(r.h)
		method, path, _ := strings.Cut(r.pattern, " ")
		if method == http.MethodPost {
			h = limit.wrap(h)
		}
		mux.Handle(r.pattern, a.instrument(r.name, h))
		allowed[path] = append(allowed[path], method)
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
		writeErrorCode(w, http.StatusMethodNotAllowed, "method_not_allowed", r.URL.Path+" takes "+allow+", not "+r.Method)
	})
}

// notFound answers unknown paths and wrong methods with a JSON error.
func (a *api) notFound(w http.ResponseWriter, r *http.Request) {
	writeErrorCode(w, http.StatusNotFound, "not_found", "no endpoint "+r.Method+" "+r.URL.Path+
		"; the server offers POST /get-online-features, /retrieve-online-documents, /get-historical-features, /push, /write-to-online-store, /materialize, /materialize-incremental and GET /health, /metrics")
}
