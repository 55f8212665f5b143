package httpapi

import (
	"encoding/json"
	"slices"
)

// fastDecoder is a request body that can decode its common shape without
// reflection. decodeFast reports false, leaving the value to be reset and
// decoded by encoding/json, for anything outside that shape; what it
// accepts it decodes exactly as encoding/json would (FuzzFastDecode checks
// both agree).
type fastDecoder interface {
	decodeFast(b []byte) bool
}

// decodeFast reads the body Feast's clients send to /get-online-features:
// the keys features, feature_service, entities, full_feature_names and
// include_feature_view_version_metadata, each once, spelled so; strings
// of printable ASCII without escapes; entity values that are numbers,
// such strings, booleans or null. Anything else falls back.
func (req *getOnlineFeaturesRequest) decodeFast(b []byte) bool {
	s := scanner{b: b, text: string(b)}
	if !s.consume('{') {
		return false
	}
	var seen [len(fastKeys)]bool
	if !s.consume('}') {
		for {
			key, ok := s.str()
			k := slices.Index(fastKeys[:], key)
			if !ok || k < 0 || seen[k] || !s.consume(':') {
				return false
			}
			seen[k] = true
			switch key {
			case "features":
				if req.Features, ok = s.strings(); !ok {
					return false
				}
			case "feature_service":
				if req.FeatureService, ok = s.str(); !ok {
					return false
				}
			case "entities":
				if !s.columns(&req.Entities) {
					return false
				}
			case "full_feature_names":
				if req.FullFeatureNames, ok = s.boolean(); !ok {
					return false
				}
			case "include_feature_view_version_metadata":
				if req.IncludeFeatureViewVersionMetadata, ok = s.boolean(); !ok {
					return false
				}
			default:
				return false
			}
			if s.consume(',') {
				continue
			}
			if s.consume('}') {
				break
			}
			return false
		}
	}
	s.space()
	return s.i == len(s.b)
}

// fastKeys are the keys decodeFast reads, each at most once.
var fastKeys = [...]string{"features", "feature_service", "entities", "full_feature_names", "include_feature_view_version_metadata"}

// scanner walks a JSON text for decodeFast. text is b copied once, which
// the strings it returns are cut from (one allocation for all of them).
type scanner struct {
	b    []byte
	text string
	i    int
}

func (s *scanner) space() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// consume skips space and c, if c comes next.
func (s *scanner) consume(c byte) bool {
	s.space()
	if s.i < len(s.b) && s.b[s.i] == c {
		s.i++
		return true
	}
	return false
}

// str reads a string of printable ASCII without escapes.
func (s *scanner) str() (string, bool) {
	if !s.consume('"') {
		return "", false
	}
	start := s.i
	for s.i < len(s.b) {
		c := s.b[s.i]
		switch {
		case c == '"':
			s.i++
			return s.text[start : s.i-1], true
		case c < 0x20 || c > 0x7e || c == '\\':
			return "", false
		}
		s.i++
	}
	return "", false
}

// strings reads an array of such strings (an empty one is not nil).
func (s *scanner) strings() ([]string, bool) {
	if !s.consume('[') {
		return nil, false
	}
	out := make([]string, 0, 8)
	if s.consume(']') {
		return out, true
	}
	for {
		v, ok := s.str()
		if !ok {
			return nil, false
		}
		out = append(out, v)
		if s.consume(',') {
			continue
		}
		return out, s.consume(']')
	}
}

// literal reads word if it comes next.
func (s *scanner) literal(word string) bool {
	s.space()
	if len(s.b)-s.i >= len(word) && string(s.b[s.i:s.i+len(word)]) == word {
		s.i += len(word)
		return true
	}
	return false
}

func (s *scanner) boolean() (bool, bool) {
	switch {
	case s.literal("true"):
		return true, true
	case s.literal("false"):
		return false, true
	}
	return false, false
}

// number reads a JSON number, as json.Number keeps it.
func (s *scanner) number() (json.Number, bool) {
	s.space()
	start := s.i
	if s.i < len(s.b) && s.b[s.i] == '-' {
		s.i++
	}
	switch {
	case s.i < len(s.b) && s.b[s.i] == '0':
		s.i++
	case s.i < len(s.b) && s.b[s.i] >= '1' && s.b[s.i] <= '9':
		s.digits()
	default:
		return "", false
	}
	if s.i < len(s.b) && s.b[s.i] == '.' {
		s.i++
		if !s.digits() {
			return "", false
		}
	}
	if s.i < len(s.b) && (s.b[s.i] == 'e' || s.b[s.i] == 'E') {
		s.i++
		if s.i < len(s.b) && (s.b[s.i] == '+' || s.b[s.i] == '-') {
			s.i++
		}
		if !s.digits() {
			return "", false
		}
	}
	return json.Number(s.text[start:s.i]), true
}

// digits skips one or more digits.
func (s *scanner) digits() bool {
	start := s.i
	for s.i < len(s.b) && s.b[s.i] >= '0' && s.b[s.i] <= '9' {
		s.i++
	}
	return s.i > start
}

// value reads an entity value: a number, a string, a boolean or null.
func (s *scanner) value() (any, bool) {
	s.space()
	if s.i >= len(s.b) {
		return nil, false
	}
	switch c := s.b[s.i]; {
	case c == '"':
		return s.str()
	case c == '-' || (c >= '0' && c <= '9'):
		return s.number()
	case s.literal("null"):
		return nil, true
	}
	return s.boolean()
}

// columns reads an object of columns of values, as columns.UnmarshalJSON
// does (a column given twice falls back, to get its error).
func (s *scanner) columns(c *columns) bool {
	if !s.consume('{') {
		return false
	}
	c.names, c.data = nil, map[string][]any{}
	if s.consume('}') {
		return true
	}
	for {
		name, ok := s.str()
		if _, dup := c.data[name]; !ok || dup || !s.consume(':') || !s.consume('[') {
			return false
		}
		vals := []any{}
		if !s.consume(']') {
			for {
				v, ok := s.value()
				if !ok {
					return false
				}
				vals = append(vals, v)
				if s.consume(',') {
					continue
				}
				if !s.consume(']') {
					return false
				}
				break
			}
		}
		c.names = append(c.names, name)
		c.data[name] = vals
		if s.consume(',') {
			continue
		}
		return s.consume('}')
	}
}
