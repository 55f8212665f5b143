package redisstore

import (
	"fmt"
	"strconv"
	"strings"
)

// applyConnectionString reads Feast's connection_string into s: host:port
// entries and key=value options (ssl, password, username, db). Feast's
// cluster-only skip_full_coverage_check is accepted and ignored. Explicit
// keys of the block win over options of the string.
func (s *Settings) applyConnectionString(cs string) error {
	for _, part := range strings.Split(cs, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		key, val, isOption := strings.Cut(part, "=")
		if !isOption {
			s.Addresses = append(s.Addresses, part)
			continue
		}
		if err := s.applyOption(strings.TrimSpace(key), strings.TrimSpace(val)); err != nil {
			return fmt.Errorf("connection_string: %w", err)
		}
	}
	return nil
}

// applyOption applies one key=value option of a connection string.
func (s *Settings) applyOption(key, val string) error {
	switch key {
	case "ssl":
		b, err := strconv.ParseBool(val)
		if err != nil {
			return fmt.Errorf("ssl=%q is not a boolean", val)
		}
		s.TLS = s.TLS || b
	case "password":
		if s.Password == "" {
			s.Password = val
		}
	case "username":
		if s.Username == "" {
			s.Username = val
		}
	case "db":
		n, err := strconv.Atoi(val)
		if err != nil {
			return fmt.Errorf("db=%q is not a number", val)
		}
		if s.DB == 0 {
			s.DB = n
		}
	case "skip_full_coverage_check":
	default:
		return fmt.Errorf("unknown option %q", key)
	}
	return nil
}
