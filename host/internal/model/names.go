package model

import (
	"fmt"
	"regexp"
)

// MaxNameLen is the length limit, in bytes, of the name of an object
// (entity, data source, feature view, feature service, saved dataset) or of
// a field or join key.
const MaxNameLen = 255

// NameRule describes valid names for messages and documentation.
const NameRule = "1 to 255 letters, digits and underscores (ASCII)"

var namePattern = regexp.MustCompile(`^[A-Za-z0-9_]+$`)

// CheckName returns an error when name is not a valid name of an object or
// field: 1 to MaxNameLen ASCII letters, digits and underscores. Names reach
// file paths, SQL identifiers, Redis keys and vector database collections,
// so nothing else is allowed. The error quotes at most the first 40 bytes
// of the name.
func CheckName(name string) error {
	switch {
	case name == "":
		return fmt.Errorf("name is empty (use %s)", NameRule)
	case len(name) > MaxNameLen:
		return fmt.Errorf("%s (%d characters) is too long: at most %d", QuoteName(name), len(name), MaxNameLen)
	case !namePattern.MatchString(name):
		return fmt.Errorf("%s may hold only letters, digits and underscores (ASCII)", QuoteName(name))
	}
	return nil
}

// QuoteName quotes a name for a message, cut to its first 40 bytes.
func QuoteName(name string) string {
	if len(name) > 40 {
		return fmt.Sprintf("%q...", name[:40])
	}
	return fmt.Sprintf("%q", name)
}
