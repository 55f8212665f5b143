// Package scaffold creates new feature repositories for `quiver init`: a
// quiver.yaml, a features.yaml, a README and deterministic sample data.
//
// Start with Init. GenerateDriverStats writes the sample data on its own, at
// any size, for benchmarks and tests; DriverStatsFeatures names its columns.
package scaffold
