// Package registryapi serves Quiver's registry over Feast's registry
// protocol (the gRPC service feast.registry.RegistryServer), so that
// Feast's SDK configured with `registry_type: remote` lists and reads
// Quiver's objects: entities, data sources, feature views, feature
// services, saved datasets, permissions and the project.
//
// Every call goes through the service layer, which checks DESCRIBE on what
// it returns. Quiver's objects are mapped onto Feast's messages here
// (convert_*.go); the server serves one project, so any other project
// lists nothing and gets a not-found error. Errors carry Feast's JSON
// detail as the status message (grpcapi.RegistryStatus), from which
// Feast's client raises the matching feast.errors class.
//
// Definitions change through `quiver apply`: Apply* and Delete* answer
// UNIMPLEMENTED saying so. ApplyMaterialization is served, because Feast's
// materialize reports each interval it wrote through it.
package registryapi
