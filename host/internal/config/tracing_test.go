package config

import (
	"strings"
	"testing"
)

func TestTracingIsOffUnlessAnEndpointIsGiven(t *testing.T) {
	t.Parallel()
	cfg, err := Parse("/repo", "quiver.yaml", []byte("project: demo\n"))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Tracing.Options().Enabled() {
		t.Errorf("tracing on without a tracing block: %+v", cfg.Tracing)
	}
	cfg, err = Parse("/repo", "quiver.yaml", []byte("project: demo\ntracing:\n  otlp_endpoint: 127.0.0.1:4317\n  insecure: true\n  sample_ratio: 0.25\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := Tracing{Endpoint: "127.0.0.1:4317", Insecure: true, SampleRatio: 0.25, ServiceName: DefaultServiceName}
	if cfg.Tracing != want || !cfg.Tracing.Options().Enabled() {
		t.Errorf("Tracing = %+v, want %+v", cfg.Tracing, want)
	}
	env := strings.Join(cfg.Tracing.Options().Env(), " ")
	if !strings.Contains(env, "QUIVER_OTLP_ENDPOINT=127.0.0.1:4317") || !strings.Contains(env, "QUIVER_OTLP_SAMPLE_RATIO=0.25") {
		t.Errorf("the plugins' environment: %s", env)
	}
}

func TestTracingRejectsBadValuesWithPositions(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ block, want string }{
		{"  otlp_endpoint: nowhere\n", "quiver.yaml:3:"},
		{"  otlp_endpoint: 127.0.0.1:99999\n", "port"},
		{"  sample_ratio: 1.5\n", "sample_ratio must be a number from 0 to 1"},
		{"  sample_ratio: NaN\n", "sample_ratio must be a number from 0 to 1"},
		{"  service_name: \"\"\n", "service_name"},
		{"  headers: {a: b}\n", `unknown key "headers" in tracing`},
	} {
		_, err := Parse("/repo", "quiver.yaml", []byte("project: demo\ntracing:\n"+c.block))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v, want it to say %q", c.block, err, c.want)
		}
	}
}
