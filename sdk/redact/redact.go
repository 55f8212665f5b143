package redact

import (
	"regexp"
	"strings"
)

// Mask replaces every hidden value.
const Mask = "***"

// keyed matches key=value, key: value, "key": "value" and the like where
// the key names a credential; group 1 is the key with what separates it
// from the value, group 2 the value (quoted, or up to a delimiter).
var keyed = regexp.MustCompile(`(?i)([A-Za-z0-9_.-]*(?:password|passwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key)[A-Za-z0-9_.-]*"?\s*[=:]\s*)("(?:[^"\\]|\\.)*"|'[^']*'|[^\s,;&"'<>(){}\[\]]+)`)

// userinfo matches the password of a URL's user information:
// scheme://user:password@host; group 1 is up to the password's ':'.
var userinfo = regexp.MustCompile(`([A-Za-z][A-Za-z0-9+.-]*://[^/\s:@"']*:)([^/\s@"']+)@`)

// String returns s with the values of credentials replaced by Mask: the
// values of keys naming a password, passwd, secret, token, api_key or
// access_key (as key=value, key: value or "key": "value") and the password
// of a URL (scheme://user:password@host). Text without them is returned
// unchanged, and String(String(s)) == String(s).
func String(s string) string {
	if s == "" {
		return s
	}
	s = userinfo.ReplaceAllString(s, "${1}"+Mask+"@")
	return keyed.ReplaceAllStringFunc(s, func(m string) string {
		sub := keyed.FindStringSubmatch(m)
		key, val := sub[1], sub[2]
		switch {
		case strings.HasPrefix(val, `"`):
			return key + `"` + Mask + `"`
		case strings.HasPrefix(val, `'`):
			return key + `'` + Mask + `'`
		case strings.HasSuffix(val, ":") && len(val) > 1:
			// "password:x: invalid port": the last ':' is the message's.
			return key + Mask + ":"
		}
		return key + Mask
	})
}

// Error returns err's message through String; "" for nil.
func Error(err error) string {
	if err == nil {
		return ""
	}
	return String(err.Error())
}
