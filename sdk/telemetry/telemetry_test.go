package telemetry

import (
	"context"
	"strings"
	"testing"
)

// TestOptionsTravelToAPluginThroughItsEnvironment: what the host puts in a
// plugin's environment is what the plugin reads back.
func TestOptionsTravelToAPluginThroughItsEnvironment(t *testing.T) {
	o := Options{Endpoint: "127.0.0.1:4317", Insecure: true, SampleRatio: 0.25, ServiceName: "quiver"}
	for _, kv := range o.Env() {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	got, ok := FromEnv(PluginService("redis"))
	want := Options{Endpoint: o.Endpoint, Insecure: true, SampleRatio: 0.25, ServiceName: "quiver-plugin-redis"}
	if !ok || got != want {
		t.Errorf("FromEnv = %+v, %v; want %+v", got, ok, want)
	}
	t.Setenv(EnvSampleRatio, "7")
	if _, ok := FromEnv("x"); ok {
		t.Error("FromEnv accepted a sample ratio of 7")
	}
}

func TestOffDoesNothingAndBadOptionsAreRefused(t *testing.T) {
	if (Options{}).Env() != nil {
		t.Error("tracing off still passes variables to plugins")
	}
	t.Setenv(EnvEndpoint, "")
	if _, ok := FromEnv("x"); ok {
		t.Error("FromEnv without an endpoint turned tracing on")
	}
	stop, err := Start(context.Background(), Options{})
	if err != nil || stop(context.Background()) != nil {
		t.Errorf("Start off: %v", err)
	}
	for _, o := range []Options{{Endpoint: "no-port"}, {Endpoint: "h:1", SampleRatio: -0.1}, {Endpoint: "h:1", SampleRatio: 1.5}} {
		if _, err := Start(context.Background(), o); err == nil {
			t.Errorf("Start(%+v) accepted", o)
		}
	}
}
