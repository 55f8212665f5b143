package config

import (
	"strconv"

	"gopkg.in/yaml.v3"

	"github.com/quiverfs/quiver/sdk/telemetry"
)

// Tracing is the tracing block: where `quiver serve` and its plugins send
// OpenTelemetry spans. Off unless an endpoint is given.
type Tracing struct {
	// Endpoint is the OTLP/gRPC collector, HOST:PORT.
	Endpoint string
	// Insecure sends spans without TLS.
	Insecure bool
	// SampleRatio is the share of traces started by Quiver that are kept
	// (default 1); a caller's sampled trace is always continued.
	SampleRatio float64
	// ServiceName names the host in its spans (default "quiver").
	ServiceName string
}

// DefaultServiceName is the host's service name in spans.
const DefaultServiceName = "quiver"

// Options returns the telemetry options of the block.
func (t Tracing) Options() telemetry.Options {
	return telemetry.Options{Endpoint: t.Endpoint, Insecure: t.Insecure, SampleRatio: t.SampleRatio, ServiceName: t.ServiceName}
}

func (p *parser) tracing(t *Tracing, n *yaml.Node) {
	t.SampleRatio, t.ServiceName = 1, DefaultServiceName
	p.mapping(n, "tracing", func(k, v *yaml.Node) {
		switch k.Value {
		case "otlp_endpoint":
			t.Endpoint = p.addr(v, k.Value)
			if t.Endpoint != "" && t.Options().Check() != nil {
				p.errorf(v, "otlp_endpoint must be HOST:PORT of an OTLP/gRPC collector")
			}
		case "insecure":
			t.Insecure = p.boolean(v, k.Value)
		case "sample_ratio":
			r, err := strconv.ParseFloat(p.str(v), 64)
			if err != nil || r < 0 || r > 1 || r != r {
				p.errorf(v, "sample_ratio must be a number from 0 to 1")
			}
			t.SampleRatio = r
		case "service_name":
			t.ServiceName = p.nonEmpty(v, k.Value)
		default:
			p.errorf(k, "unknown key %q in tracing (known: otlp_endpoint, insecure, sample_ratio, service_name)", k.Value)
		}
	})
}
