// Package valuejson converts typed values to and from the JSON that the
// feature server speaks (Feast's shapes): numbers for numeric types, strings
// for strings, base64 for bytes, RFC 3339 for timestamps, arrays for lists
// and null for null.
package valuejson
