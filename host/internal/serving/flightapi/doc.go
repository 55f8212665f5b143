// Package flightapi serves Feast's remote offline store: the Arrow Flight
// calls that Feast's SDK makes when feature_store.yaml says
// offline_store: {type: remote, host, port}. It shares the feature
// server's gRPC port and interceptors (authentication, the in-flight cap,
// metrics) and answers through the service layer, as the HTTP and gRPC
// APIs do.
//
// A call is a FlightDescriptor of type CMD whose bytes are a JSON object
// naming the Feast method ("api") and its parameters. Reads come as one
// DoExchange: the client uploads a table (the entity dataframe, or a
// one-row placeholder), half-closes, and reads the result table from the
// same stream. Writes come as DoPut. Errors carry Feast's exception class
// in their message, after "Flight error: ", as Feast's own server sends
// them, so the SDK raises feast.errors classes.
//
// What is served, and what is not, is listed in docs/feast.md.
package flightapi
