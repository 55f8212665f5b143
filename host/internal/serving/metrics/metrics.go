package metrics

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// The metric names the server exports.
const (
	RequestsTotal     = "quiver_requests_total"
	RequestDuration   = "quiver_request_duration_seconds"
	StoreCallDuration = "quiver_store_call_duration_seconds"
	StoreCallErrors   = "quiver_store_call_errors_total"
)

// Metrics holds the server's collectors in a registry of its own, so two
// servers in one process (as in tests) do not collide.
type Metrics struct {
	registry   *prometheus.Registry
	requests   *prometheus.CounterVec
	latency    *prometheus.HistogramVec
	storeCalls *prometheus.HistogramVec
	storeErrs  *prometheus.CounterVec
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
	}
	m.registry.MustRegister(m.requests, m.latency, m.storeCalls, m.storeErrs,
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

// call returns a function that records one call of method when called
// with the call's error.
//
// A call that failed because its caller went away (the request's context
// was cancelled) is timed but not counted as a store error.
func (m *Metrics) call(ctx context.Context, kind string, l StoreLabel, method string) func(error) {
	start := time.Now()
	plugin := "false"
	if l.Plugin {
		plugin = "true"
	}
	return func(err error) {
		m.storeCalls.WithLabelValues(kind, l.Type, plugin, method).Observe(time.Since(start).Seconds())
		if err != nil && !errors.Is(ctx.Err(), context.Canceled) {
			m.storeErrs.WithLabelValues(kind, l.Type, plugin, method).Inc()
		}
	}
}
