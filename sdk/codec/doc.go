// Package codec is a deterministic binary encoding of entity keys and rows of
// named values, for online stores that keep Quiver values as bytes.
//
// Plugin authors (and the embedded SQLite store) use it to turn a
// types.EntityKey into a primary key and a row of feature values into one
// blob:
//
//	key := codec.EncodeEntityKey(row.EntityKey)
//	blob := codec.EncodeNamedValues(codec.Zip(req.FeatureNames, row.Values))
//	...
//	fields, err := codec.DecodeNamedValues(blob)
//
// Guarantees:
//   - Deterministic: keys that are types.EntityKey.Equal encode to equal
//     bytes, however their values were built (a nil or empty list, a
//     timestamp in any time zone).
//   - Exact: every value type round-trips, including null, empty lists and
//     bytes, NaN payloads and negative zero; decoded values are
//     types.Value.Equal to the encoded ones.
//   - Canonical: a decoder accepts only what the encoder produces, so
//     decoding then encoding gives back the input bytes.
//   - Schema-tolerant: a row stores each value with its name and type, so a
//     reader finds a feature by name even after the view's schema changed.
//
// The format starts with a version byte (1). Lengths and counts are unsigned
// varints; integers and timestamps are fixed-width big-endian with the sign
// bit flipped, so keys of one integer join key sort by value; floats are
// their IEEE-754 bits, big-endian. Functions are pure and safe for
// concurrent use; decoded values never alias the input.
package codec
