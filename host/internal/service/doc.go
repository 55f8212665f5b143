// Package service is what the feature server does, independent of the
// wire: read online features, push and write rows, materialize, report
// health. The HTTP and gRPC front ends decode a request, call one method
// of Service, and encode its answer or its error; both therefore validate,
// authorize and answer exactly alike.
//
// Every method asks the authorizer first, works on the current repository
// snapshot (never loading the registry), and validates the whole request
// before it writes anything. Errors are classified for the transports by
// Classify.
//
// Start with New and Service.GetOnlineFeatures.
package service
