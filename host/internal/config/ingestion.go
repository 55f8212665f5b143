package config

import (
	"fmt"
	"time"

	"gopkg.in/yaml.v3"
)

// Ingestion is the `ingestion` block of quiver.yaml: the range of event
// timestamps that pushes, writes and materialization accept. Optional.
type Ingestion struct {
	// MaxAhead is how far past now an event timestamp may be. Zero means
	// DefaultMaxEventTimeAhead.
	MaxAhead time.Duration
	// MinTime is the earliest event timestamp accepted. The zero time means
	// DefaultMinEventTime.
	MinTime time.Time
}

// Defaults of the ingestion block.
const DefaultMaxEventTimeAhead = 24 * time.Hour

// DefaultMinEventTime is the default earliest event timestamp: the Unix epoch.
var DefaultMinEventTime = time.Unix(0, 0).UTC()

// Check returns an error when t is before MinTime or more than MaxAhead
// after now. The error is plain (no sentinel): callers wrap it as a bad
// request.
func (i Ingestion) Check(t, now time.Time) error {
	i.applyDefaults()
	if t.Before(i.MinTime) {
		return fmt.Errorf("event timestamp %s is before the minimum %s",
			t.UTC().Format(time.RFC3339Nano), i.MinTime.UTC().Format(time.RFC3339Nano))
	}
	if t.After(now.Add(i.MaxAhead)) {
		return fmt.Errorf("event timestamp %s is more than %s ahead of now",
			t.UTC().Format(time.RFC3339Nano), i.MaxAhead)
	}
	return nil
}

// Earliest returns MinTime, or DefaultMinEventTime when it is unset.
func (i Ingestion) Earliest() time.Time {
	i.applyDefaults()
	return i.MinTime
}

func (i *Ingestion) applyDefaults() {
	if i.MaxAhead == 0 {
		i.MaxAhead = DefaultMaxEventTimeAhead
	}
	if i.MinTime.IsZero() {
		i.MinTime = DefaultMinEventTime
	}
}

func (p *parser) ingestion(i *Ingestion, n *yaml.Node) {
	p.mapping(n, "ingestion", func(k, v *yaml.Node) {
		switch k.Value {
		case "max_event_time_ahead":
			s := p.str(v)
			d, err := time.ParseDuration(s)
			switch {
			case err != nil:
				p.errorf(v, "max_event_time_ahead %q is not a duration such as 24h", s)
			case d <= 0:
				p.errorf(v, "max_event_time_ahead must be above zero")
			default:
				i.MaxAhead = d
			}
		case "min_event_time":
			s := p.str(v)
			t, err := time.Parse(time.RFC3339Nano, s)
			if err != nil {
				p.errorf(v, "min_event_time %q is not an RFC 3339 time such as 1970-01-01T00:00:00Z", s)
			}
			i.MinTime = t
		default:
			p.errorf(k, "unknown key %q in ingestion (known: max_event_time_ahead, min_event_time)", k.Value)
		}
	})
}
