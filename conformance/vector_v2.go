package conformance

import "slices"

// vectorIsolationCases are the cases of vector search after overwrites,
// filter semantics (nulls, mixed numbers, join keys), exactness, advertised
// index types and project isolation.
func vectorIsolationCases() []testCase {
	return slices.Concat(vectorOverwriteCases(), filterValueCases(), vectorExactCases(), isolationCases())
}
