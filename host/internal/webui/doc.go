// Package webui is the read-only web UI of the registry, served by `quiver
// serve` at /ui/: projects, entities, data sources, feature views (schema,
// version history with diffs, materialization and freshness), feature
// services, saved datasets and permissions, a search by name and tag, and
// the lineage graph source -> view -> service.
//
// It is static HTML, CSS and JavaScript embedded in the binary, with no
// build step. The pages hold no data: the browser reads the registry API
// (GET /api/v1/...), which answers through the same authentication and
// DESCRIBE checks as every other reader. The script renders every value as
// text, never as markup, and the answers forbid any script but its own
// (Content-Security-Policy).
package webui
