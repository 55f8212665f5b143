// Package service is what Quiver does, independent of the front end: read
// online features, retrieve documents, build training sets, push and write
// rows, materialize, ingest documents, plan, apply and tear down, list and
// describe objects and saved datasets, report health. The CLI commands,
// the HTTP routes and the gRPC methods each decode their input, call one
// method of Service, and print or encode its answer or its error; all
// therefore validate, authorize and answer alike. A newcomer can follow
// `quiver get-online-features` and `POST /get-online-features` into the
// same Service.GetOnlineFeatures.
//
// Every method asks the authorizer first, through access.go, the one place
// that says which action on which resources each operation needs; then it
// validates the whole request before it writes anything. Operations on
// features work on a repository snapshot (the server's reloading cache, or
// the registry as New loaded it for one CLI command); registry operations
// read the registry itself. Errors are classified for the transports by
// Classify.
//
// Start with New and Service.GetOnlineFeatures.
package service
