// Package vector retrieves documents for RAG: the top-k rows of a feature
// view nearest to a query vector (or to a text, embedded on the way), with
// their features, entity keys and distances, through the online store's
// SearchVectors. The CLI (`quiver retrieve-documents`) and the feature
// server (`POST /retrieve-online-documents`, gRPC RetrieveOnlineDocuments)
// both go through Retriever.
//
// Filters arrive untyped (Node): from the CLI's expression syntax
// (ParseExpr, e.g. `category == "a" and year >= 2020`) or from Feast's JSON
// tree (DecodeJSONFilter); Node.Typed turns them into an onlinestore.Filter
// using the view's field types. Filters come from outside, so their size
// and nesting are bounded (limits.go); fuzz_test.go fuzzes both parsers.
package vector
