package arrowipc

// Limits bound what one stream may cost. A zero field takes its default.
type Limits struct {
	// MaxBytes caps the whole stream's bytes (framing, metadata and
	// bodies); default DefaultMaxBytes. Negative means no cap on the whole
	// stream (each message is still capped by MaxMessageBytes).
	MaxBytes int64
	// MaxMessageBytes caps one message (metadata plus body); default
	// DefaultMaxMessageBytes, and never more than MaxBytes.
	MaxMessageBytes int64
	// MaxMetadataBytes caps one message's metadata; default
	// DefaultMaxMetadataBytes.
	MaxMetadataBytes int64
	// MaxRows caps the rows of the whole stream; default 8 rows per byte
	// of MaxBytes (a boolean column costs one bit a row), unlimited when
	// MaxBytes is negative. Rows of a record are further capped by what
	// its body can hold.
	MaxRows int64
}

// Defaults for unset Limits fields.
const (
	DefaultMaxBytes         int64 = 64 << 20
	DefaultMaxMessageBytes  int64 = 64 << 20
	DefaultMaxMetadataBytes int64 = 1 << 20
)

// withDefaults returns l with every zero field set.
func (l Limits) withDefaults() Limits {
	if l.MaxBytes == 0 {
		l.MaxBytes = DefaultMaxBytes
	}
	if l.MaxMessageBytes <= 0 {
		l.MaxMessageBytes = DefaultMaxMessageBytes
	}
	if l.MaxBytes > 0 && l.MaxMessageBytes > l.MaxBytes {
		l.MaxMessageBytes = l.MaxBytes
	}
	if l.MaxMetadataBytes <= 0 {
		l.MaxMetadataBytes = DefaultMaxMetadataBytes
	}
	if l.MaxMetadataBytes > l.MaxMessageBytes {
		l.MaxMetadataBytes = l.MaxMessageBytes
	}
	if l.MaxRows <= 0 && l.MaxBytes > 0 {
		l.MaxRows = 8 * l.MaxBytes
	}
	return l
}
