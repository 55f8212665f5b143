package telemetry

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"time"

	"github.com/hashicorp/go-hclog"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc/status"

	"github.com/quiverfs/quiver/sdk/storeerr"
)

// Options say where spans go.
type Options struct {
	// Endpoint is the OTLP/gRPC collector's HOST:PORT; empty turns
	// tracing off.
	Endpoint string
	// Insecure sends spans without TLS (a collector on loopback).
	Insecure bool
	// SampleRatio is the share of traces started here that are kept, in
	// [0, 1]; a trace started by a caller keeps the caller's decision.
	SampleRatio float64
	// ServiceName names the process in the spans' resource.
	ServiceName string
	// Logger receives the exporter's errors (a collector that cannot be
	// reached, say), which OpenTelemetry would otherwise print with the
	// standard library's log. Optional.
	Logger hclog.Logger
}

// The environment variables that carry Options to a plugin.
const (
	EnvEndpoint    = "QUIVER_OTLP_ENDPOINT"
	EnvInsecure    = "QUIVER_OTLP_INSECURE"
	EnvSampleRatio = "QUIVER_OTLP_SAMPLE_RATIO"
)

// Enabled reports whether spans are exported.
func (o Options) Enabled() bool { return o.Endpoint != "" }

// Check validates the options.
func (o Options) Check() error {
	if !o.Enabled() {
		return nil
	}
	if _, port, err := net.SplitHostPort(o.Endpoint); err != nil || port == "" {
		return fmt.Errorf("tracing endpoint %q: want HOST:PORT of an OTLP/gRPC collector", o.Endpoint)
	}
	if o.SampleRatio < 0 || o.SampleRatio > 1 || o.SampleRatio != o.SampleRatio {
		return fmt.Errorf("tracing sample_ratio %v: want a number from 0 to 1", o.SampleRatio)
	}
	return nil
}

// Env returns the options as a plugin's environment ("K=V"); none when
// tracing is off.
func (o Options) Env() []string {
	if !o.Enabled() {
		return nil
	}
	return []string{EnvEndpoint + "=" + o.Endpoint, EnvInsecure + "=" + strconv.FormatBool(o.Insecure),
		EnvSampleRatio + "=" + strconv.FormatFloat(o.SampleRatio, 'g', -1, 64)}
}

// FromEnv reads the options a host passed to its plugin; ok is false when
// tracing is off or the values do not parse.
func FromEnv(serviceName string) (o Options, ok bool) {
	o = Options{Endpoint: os.Getenv(EnvEndpoint), SampleRatio: 1, ServiceName: serviceName}
	if !o.Enabled() {
		return o, false
	}
	o.Insecure, _ = strconv.ParseBool(os.Getenv(EnvInsecure))
	if r, err := strconv.ParseFloat(os.Getenv(EnvSampleRatio), 64); err == nil {
		o.SampleRatio = r
	}
	return o, o.Check() == nil
}

// Start exports spans as the options say and makes the provider global,
// with W3C trace context propagation. The returned stop flushes what is
// buffered (bounded by ctx) and shuts the exporter down. Off, it does
// nothing.
func Start(ctx context.Context, o Options) (stop func(context.Context) error, err error) {
	if !o.Enabled() {
		return func(context.Context) error { return nil }, nil
	}
	if err := o.Check(); err != nil {
		return nil, err
	}
	opts := []otlptracegrpc.Option{otlptracegrpc.WithEndpoint(o.Endpoint), otlptracegrpc.WithTimeout(5 * time.Second)}
	if o.Insecure {
		opts = append(opts, otlptracegrpc.WithInsecure())
	}
	exporter, err := otlptracegrpc.New(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("tracing: the OTLP exporter: %w", err)
	}
	res := resource.NewSchemaless(attribute.String("service.name", o.ServiceName))
	tp := sdktrace.NewTracerProvider(
		sdktrace.WithBatcher(exporter, sdktrace.WithBatchTimeout(time.Second)),
		sdktrace.WithResource(res),
		sdktrace.WithSampler(sdktrace.ParentBased(sdktrace.TraceIDRatioBased(o.SampleRatio))),
	)
	otel.SetTracerProvider(tp)
	otel.SetTextMapPropagator(propagation.TraceContext{})
	if o.Logger != nil {
		log := o.Logger
		otel.SetErrorHandler(otel.ErrorHandlerFunc(func(err error) { log.Warn("tracing", "error", err) }))
	}
	return tp.Shutdown, nil
}

// PluginService is the service name of a plugin's spans.
func PluginService(plugin string) string { return "quiver-plugin-" + plugin }

// tracer is made once: the global provider hands its spans to the provider
// Start sets, even when asked before.
var tracer = otel.Tracer("github.com/quiverfs/quiver")

// Tracer is the tracer of Quiver's own spans.
func Tracer() trace.Tracer { return tracer }

// ErrorKind names an error for a span's status without its message, which
// may quote what a request held (an entity key, a value): the store error's
// kind, else the gRPC status code, else "error".
func ErrorKind(err error) string {
	var se *storeerr.Error
	if errors.As(err, &se) {
		return string(se.Kind)
	}
	if st, ok := status.FromError(err); ok {
		return st.Code().String()
	}
	return "error"
}
