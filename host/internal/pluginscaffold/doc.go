// Package pluginscaffold writes a new store plugin module, what
// `quiver plugins new NAME` creates: go.mod requiring the sdk and
// conformance modules, NAMEstore/ (a working in-memory online store without
// vector search), cmd/quiver-plugin-NAME/main.go, conformance_test.go (one
// plugintest.Run call), testdata/ settings files and a README. The layout
// is the one every plugin of this repository follows (docs/plugins.md).
//
// The templates are in templates/, embedded. The module requires the sdk
// and conformance at the version this quiver was built with (Version); a
// development build gives v0.0.0, which needs replace directives.
package pluginscaffold
