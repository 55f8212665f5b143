package redisstore

import (
	"fmt"
	"net"
	"strconv"
	"strings"
)

// applyConnectionString reads Feast's connection_string into s: host:port
// entries and key=value options (ssl, password, username, db). Feast's
// cluster-only skip_full_coverage_check is accepted and ignored. Explicit
// keys of the block win over options of the string.
//
// A part that is neither host:port nor key=value is refused by its number,
// never by its text: it is most likely a secret written the wrong way
// (password:... for password=...).
func (s *Settings) applyConnectionString(cs string) error {
	for i, part := range strings.Split(cs, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		key, val, isOption := strings.Cut(part, "=")
		if !isOption {
			if !isHostPort(part) {
				return fmt.Errorf("part %d of connection_string is neither host:port nor key=value (write options as password=..., not password:...)", i+1)
			}
			s.Addresses = append(s.Addresses, part)
			continue
		}
		if err := s.applyOption(strings.TrimSpace(key), strings.TrimSpace(val)); err != nil {
			return fmt.Errorf("part %d of connection_string: %w", i+1, err)
		}
	}
	return nil
}

// optionKeys are the keys of connection string options. A host:port whose
// host is one of them is an option written with ':' instead of '='.
var optionKeys = []string{"ssl", "password", "username", "db", "skip_full_coverage_check"}

// isHostPort reports whether a is host:port with a port from 1 to 65535, a
// host that holds no '@' or '/' (no URL, no credentials) and is not an
// option key.
func isHostPort(a string) bool {
	host, port, err := net.SplitHostPort(a)
	if err != nil || host == "" || strings.ContainsAny(host, "@/") {
		return false
	}
	for _, k := range optionKeys {
		if strings.EqualFold(host, k) {
			return false
		}
	}
	n, err := strconv.ParseUint(port, 10, 16)
	return err == nil && n > 0
}

// applyOption applies one key=value option of a connection string. Its
// errors name the key, never the value.
func (s *Settings) applyOption(key, val string) error {
	switch key {
	case "ssl":
		b, err := strconv.ParseBool(val)
		if err != nil {
			return fmt.Errorf("ssl is not a boolean")
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
			return fmt.Errorf("db is not a number")
		}
		if s.DB == 0 {
			s.DB = n
		}
	case "skip_full_coverage_check":
	default:
		return fmt.Errorf("unknown option %s (known: %s)", quoteKey(key), strings.Join(optionKeys, ", "))
	}
	return nil
}

// quoteKey quotes an option key for a message when it looks like a key
// (letters, digits, '_' and '-', at most 40 bytes); anything else may be a
// misplaced secret and is not repeated.
func quoteKey(k string) string {
	if len(k) > 40 {
		return "(a key of " + strconv.Itoa(len(k)) + " bytes)"
	}
	for _, r := range k {
		if !(r == '_' || r == '-' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return "(a key that is not a plain word)"
		}
	}
	return strconv.Quote(k)
}
