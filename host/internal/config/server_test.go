package config

import (
	"strings"
	"testing"
	"time"
)

func TestFeatureServerTimeoutsDefaultWhenUnset(t *testing.T) {
	t.Parallel()
	cfg, err := Parse("/repo", "quiver.yaml", []byte("project: demo\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := Server{
		HTTPAddr: DefaultHTTPAddr, GRPCAddr: DefaultGRPCAddr, MaxBodyBytes: DefaultMaxBodyBytes,
		ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second, WriteTimeout: 0,
		IdleTimeout: 2 * time.Minute, MaxInFlight: 256, ErrorFormat: ErrorFormatAuto,
	}
	if cfg.Server != want {
		t.Errorf("Server = %+v, want %+v", cfg.Server, want)
	}
}

func TestFeatureServerTimeoutsAreRead(t *testing.T) {
	t.Parallel()
	cfg, err := Parse("/repo", "quiver.yaml", []byte(`project: demo
feature_server:
  http_addr: ":7000"
  grpc_addr: "[::1]:0"
  read_header_timeout: 3s
  read_timeout: 1m30s
  write_timeout: 0s
  idle_timeout: 45s
  max_in_flight_requests: 8
  error_format: feast
`))
	if err != nil {
		t.Fatal(err)
	}
	s := cfg.Server
	if s.HTTPAddr != ":7000" || s.GRPCAddr != "[::1]:0" || s.ReadHeaderTimeout != 3*time.Second ||
		s.ReadTimeout != 90*time.Second || s.WriteTimeout != 0 || s.IdleTimeout != 45*time.Second || s.MaxInFlight != 8 ||
		s.ErrorFormat != ErrorFormatFeast {
		t.Errorf("Server = %+v", s)
	}
}

func TestFeatureServerRejectsBadValuesWithPositions(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ line, want string }{
		{"http_addr: not-an-addr", `quiver.yaml:3:14: http_addr "not-an-addr" is not HOST:PORT`},
		{"grpc_addr: 127.0.0.1:99999", `quiver.yaml:3:14: grpc_addr "127.0.0.1:99999": the port must be a number from 0 to 65535`},
		{"http_addr: 127.0.0.1:http", `quiver.yaml:3:14: http_addr "127.0.0.1:http": the port must be`},
		{"read_header_timeout: 10", `quiver.yaml:3:24: read_header_timeout "10" is not a duration`},
		{"read_timeout: 0s", `quiver.yaml:3:17: read_timeout must be above zero`},
		{"idle_timeout: -1s", `quiver.yaml:3:17: idle_timeout must be above zero`},
		{"write_timeout: 24h", `quiver.yaml:3:18: write_timeout must be below 24h0m0s`},
		{"max_in_flight_requests: 0", `quiver.yaml:3:27: max_in_flight_requests must be an integer of at least 1`},
		{"max_in_flight_requests: many", `quiver.yaml:3:27: max_in_flight_requests must be an integer of at least 1`},
		{"error_format: fastapi", `quiver.yaml:3:17: error_format "fastapi" is not one of auto, quiver, feast`},
	} {
		t.Run(tc.line, func(t *testing.T) {
			t.Parallel()
			_, err := Parse("/repo", "quiver.yaml", []byte("project: demo\nfeature_server:\n  "+tc.line+"\n"))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}
