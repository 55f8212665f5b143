// Package objectjson is the one JSON form of registry objects that every
// reader shows: `quiver list`/`describe -o json`, the HTTP registry API
// (GET /api/v1/...), and through it the Python client and the web UI.
// An object is its spec's fields by their JSON names, types as names
// ("int64"), plus kind, version and times; a description adds the version
// history, each version with its spec, so a reader can diff them.
package objectjson
