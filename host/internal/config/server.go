package config

import (
	"net"
	"strconv"
	"time"

	"gopkg.in/yaml.v3"
)

// maxTimeout is the exclusive upper bound of every duration setting.
const maxTimeout = 24 * time.Hour

func (p *parser) server(s *Server, n *yaml.Node) {
	p.mapping(n, "feature_server", func(k, v *yaml.Node) {
		switch k.Value {
		case "http_addr":
			s.HTTPAddr = p.addr(v, k.Value)
		case "grpc_addr":
			s.GRPCAddr = p.addr(v, k.Value)
		case "max_body_bytes":
			n, err := strconv.ParseInt(p.str(v), 10, 64)
			if err != nil || n <= 0 {
				p.errorf(v, "max_body_bytes must be a positive integer")
			}
			s.MaxBodyBytes = n
		case "read_header_timeout":
			s.ReadHeaderTimeout = p.duration(v, k.Value, false, maxTimeout)
		case "read_timeout":
			s.ReadTimeout = p.duration(v, k.Value, false, maxTimeout)
		case "write_timeout":
			s.WriteTimeout = p.duration(v, k.Value, true, maxTimeout)
		case "idle_timeout":
			s.IdleTimeout = p.duration(v, k.Value, false, maxTimeout)
		case "max_in_flight_requests":
			n, err := strconv.Atoi(p.str(v))
			if err != nil || n < 1 {
				p.errorf(v, "max_in_flight_requests must be an integer of at least 1")
			}
			s.MaxInFlight = n
		case "protect_health_and_metrics":
			s.ProtectHealth = p.boolean(v, k.Value)
		case "error_format":
			switch f := p.str(v); f {
			case ErrorFormatAuto, ErrorFormatQuiver, ErrorFormatFeast:
				s.ErrorFormat = f
			default:
				p.errorf(v, "error_format %q is not one of auto, quiver, feast", f)
			}
		case "enabled", "type":
		default:
			p.errorf(k, "unknown key %q in feature_server (known: http_addr, grpc_addr, max_body_bytes, read_header_timeout, read_timeout, write_timeout, idle_timeout, max_in_flight_requests, protect_health_and_metrics, error_format)", k.Value)
		}
	})
}

// addr returns a HOST:PORT value, reporting one whose port is not a number
// from 0 to 65535. The host may be empty (all interfaces).
func (p *parser) addr(n *yaml.Node, key string) string {
	s := p.str(n)
	_, port, err := net.SplitHostPort(s)
	if err != nil {
		p.errorf(n, "%s %q is not HOST:PORT", key, s)
		return s
	}
	if v, err := strconv.ParseUint(port, 10, 16); err != nil || strconv.FormatUint(v, 10) != port {
		p.errorf(n, "%s %q: the port must be a number from 0 to 65535", key, s)
	}
	return s
}

// duration parses a Go duration ("10s", "2m") that is above zero (or zero
// when zeroOK) and below limit.
func (p *parser) duration(n *yaml.Node, key string, zeroOK bool, limit time.Duration) time.Duration {
	s := p.str(n)
	d, err := time.ParseDuration(s)
	switch {
	case err != nil:
		p.errorf(n, "%s %q is not a duration such as 10s or 2m", key, s)
	case d < 0 || (d == 0 && !zeroOK):
		p.errorf(n, "%s must be above zero", key)
	case d >= limit:
		p.errorf(n, "%s must be below %s", key, limit)
	default:
		return d
	}
	return 0
}

func (s *Server) applyDefaults() {
	if s.HTTPAddr == "" {
		s.HTTPAddr = DefaultHTTPAddr
	}
	if s.GRPCAddr == "" {
		s.GRPCAddr = DefaultGRPCAddr
	}
	if s.MaxBodyBytes == 0 {
		s.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if s.ReadHeaderTimeout == 0 {
		s.ReadHeaderTimeout = DefaultReadHeaderTimeout
	}
	if s.ReadTimeout == 0 {
		s.ReadTimeout = DefaultReadTimeout
	}
	if s.IdleTimeout == 0 {
		s.IdleTimeout = DefaultIdleTimeout
	}
	if s.ErrorFormat == "" {
		s.ErrorFormat = ErrorFormatAuto
	}
	if s.MaxInFlight == 0 {
		s.MaxInFlight = DefaultMaxInFlight
	}
}
