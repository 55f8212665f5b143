// Package onlinestore is the author-facing API of an online store.
//
// Implement Store (and, optionally, StoreWithVectorSearch), then serve it with
// sdk.Serve. The host uses the same interfaces: an in-process store and a
// plugin reached through pluginclient look alike to it.
//
// Semantics every store keeps (checked by the conformance suite): the latest
// row per (project, view, entity key); a write replaces a stored row only if
// its (event, created) timestamp pair is not older; within one batch the
// newest row wins; Read returns found=false for unknown entities.
package onlinestore
