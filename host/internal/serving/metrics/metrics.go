package metrics

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"

	"github.com/quiverfs/quiver/sdk/telemetry"
)

// The metric names the server exports.
const (
	RequestsTotal     = "quiver_requests_total"
	RequestDuration   = "quiver_request_duration_seconds"
	StoreCallDuration = "quiver_store_call_duration_seconds"
	StoreCallErrors   = "quiver_store_call_errors_total"
	ViewCalls         = "quiver_view_store_calls_total"
	ViewCallDuration  = "quiver_view_store_call_duration_seconds"
)

// Metrics holds the server's collectors in a registry of its own, so two
// servers in one process (as in tests) do not collide.
type Metrics struct {
	registry   *prometheus.Registry
	requests   *prometheus.CounterVec
	latency    *prometheus.HistogramVec
	storeCalls *prometheus.HistogramVec
	storeErrs  *prometheus.CounterVec
	viewCalls  *prometheus.CounterVec
	viewTime   *prometheus.HistogramVec
}

// latencyBuckets span 100µs to 10s: online reads sit at the low end,
// materializations at the high end.
var latencyBuckets = []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 10}

// New returns fresh metrics, with the Go runtime and process collectors.
func New() *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: RequestsTotal, Help: "Requests served, by API (http or grpc), endpoint and status code.",
		}, []string{"api", "endpoint", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: RequestDuration, Help: "Request latency in seconds, by API and endpoint.", Buckets: latencyBuckets,
		}, []string{"api", "endpoint"}),
		storeCalls: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: StoreCallDuration, Help: "Store call latency in seconds, by store kind, store type, whether it is a plugin, and method.",
			Buckets: latencyBuckets,
		}, []string{"kind", "store", "plugin", "method"}),
		storeErrs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: StoreCallErrors, Help: "Store calls that failed, by store kind, store type, whether it is a plugin, and method.",
		}, []string{"kind", "store", "plugin", "method"}),
		viewCalls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: ViewCalls, Help: "Online store calls (Read, WriteBatch, SearchVectors) by feature view, method and outcome (ok or error).",
		}, []string{"view", "method", "outcome"}),
		viewTime: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: ViewCallDuration, Help: "Latency in seconds of the online store calls that touched a feature view, by view and method.",
			Buckets: latencyBuckets,
		}, []string{"view", "method"}),
	}
	m.registry.MustRegister(m.requests, m.latency, m.storeCalls, m.storeErrs, m.viewCalls, m.viewTime,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// ObserveRequest counts one request and records its latency. api is "http"
// or "grpc"; endpoint is the route or RPC name; code the status.
func (m *Metrics) ObserveRequest(api, endpoint, code string, d time.Duration) {
	m.requests.WithLabelValues(api, endpoint, code).Inc()
	m.latency.WithLabelValues(api, endpoint).Observe(d.Seconds())
}

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{Registry: m.registry})
}

// Registry returns the registry, for tests and extra collectors.
func (m *Metrics) Registry() *prometheus.Registry { return m.registry }

// StoreLabel identifies a store in the store-call metrics.
type StoreLabel struct {
	// Type is the store type of quiver.yaml, e.g. "sqlite" or "redis". Required.
	Type string
	// Plugin is set when the store is served by a plugin binary.
	Plugin bool
}

// callAbout is what a store call touches, for its span and the per-view
// metrics: names and counts, never values.
type callAbout struct {
	project string
	views   []string
	rows    int
}

// storeCall is one store call under way: its context (with its span) and
// the function that ends it with its error.
type storeCall struct {
	ctx  context.Context
	done func(error)
}

// call starts one call of method: a span (a child of ctx's) and a clock.
// done records the call's latency, its error, and per view of about, the
// view's metrics; then it ends the span.
//
// A call that failed because its caller went away (the request's context
// was cancelled) is timed but not counted as a store error.
func (m *Metrics) call(ctx context.Context, kind string, l StoreLabel, method string, about ...callAbout) storeCall {
	start := time.Now()
	plugin := "false"
	if l.Plugin {
		plugin = "true"
	}
	ctx, span := telemetry.Tracer().Start(ctx, kind+"_store "+method)
	if span.IsRecording() { // attributes cost allocations: only for a span that is kept
		span.SetAttributes(attribute.String("quiver.store", l.Type), attribute.Bool("quiver.plugin", l.Plugin))
		for _, a := range about {
			span.SetAttributes(attribute.String("quiver.project", a.project), attribute.StringSlice("quiver.views", a.views),
				attribute.Int("quiver.rows", a.rows))
		}
	}
	return storeCall{ctx: ctx, done: func(err error) {
		took := time.Since(start).Seconds()
		m.storeCalls.WithLabelValues(kind, l.Type, plugin, method).Observe(took)
		failed := err != nil && !errors.Is(ctx.Err(), context.Canceled)
		if failed {
			m.storeErrs.WithLabelValues(kind, l.Type, plugin, method).Inc()
			span.SetStatus(codes.Error, telemetry.ErrorKind(err))
		}
		outcome := "ok"
		if err != nil {
			outcome = "error"
		}
		for _, a := range about {
			for _, v := range a.views {
				m.viewCalls.WithLabelValues(v, method, outcome).Inc()
				m.viewTime.WithLabelValues(v, method).Observe(took)
			}
		}
		span.End()
	}}
}
