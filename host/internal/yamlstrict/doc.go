// Package yamlstrict holds the checks that yaml.v3 leaves to its callers
// when a file is decoded into a yaml.Node tree: repeated mapping keys, and
// syntax errors turned into a line and a message, and messages clipped to
// a bounded length. quiver.yaml (package
// config) and the definition files (package definitions) both use it so
// that both report the same mistakes the same way.
//
// Start with DuplicateKeys and SyntaxError.
package yamlstrict
