// Package definitions reads a feature repository's YAML definition files
// into a model.Repo and validates them, collecting every problem with its
// file, line and column instead of stopping at the first.
//
// Start with Load. The file format is documented in docs/definitions.md and
// published as a JSON Schema (docs/schema/definitions.schema.json).
package definitions
