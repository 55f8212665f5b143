// Package feastfmt encodes and decodes the data layout of Feast's Redis
// online store, byte for byte, so that Quiver and Feast can share one Redis:
//
//   - A hash per (entity key, project). Its key is the entity key serialized
//     the way Feast's entity key serialization version 3 does it (join keys
//     sorted by name, little-endian lengths and types; see AppendEntityKey),
//     followed by the UTF-8 project name (AppendRedisKey).
//   - One hash field per feature, named by the 4-byte little-endian murmur3-32
//     (seed 0) of "view:feature" (FeatureField), holding the value in Feast's
//     Value protobuf wire format (AppendValue, DecodeValue).
//   - The row's event time under "_ts:<view>" as a protobuf Timestamp
//     (EventField, AppendTimestamp).
//
// Quiver adds what Feast's layout cannot hold, in places Feast ignores:
//
//   - The created timestamp under "_cts:<view>", a protobuf Timestamp, written
//     only when the row has one (CreatedField). Feast never reads it.
//   - Sub-second precision of timestamp values. Feast keeps timestamp values as
//     whole seconds (unix_timestamp_val); Quiver writes the seconds there too
//     (floored) and, only when a value has a fraction, the microseconds past
//     the second in an extra Value field numbered SubsecondField, which Feast's
//     protobuf parser skips as unknown. Whole-second values are therefore
//     byte-identical to Feast's.
//
// An entity key with no join keys (a view without entities) is stored under
// Feast's dummy key: join key "__dummy_id" with the empty string.
//
// Start with AppendRedisKey, FeatureField and AppendValue. The package is
// pure: no Redis client, no I/O.
package feastfmt
