// Package bench holds Quiver's benchmark programs (run by `make bench`
// through cmd/quiver-bench). Each measures a path against its floor in the
// same run and prints a Markdown table for docs/benchmarks.md. Benchmarks are
// programs, never timed tests.
package bench
