package conformance

import "slices"

// scopeCases are the cases of offline teardown scope, entity filters, key
// TTL, an unreachable backend, rejected configs and views without ttl.
func scopeCases() []testCase {
	return slices.Concat(offlineScopeCases(), entityFilterCases(), keyTTLCases(), unreachableCases(),
		badConfigStateCases(), ttlZeroCases())
}
