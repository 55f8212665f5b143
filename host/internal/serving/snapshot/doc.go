// Package snapshot keeps the feature server's copy of the repository: the
// registry's objects loaded once at start and reloaded periodically, so an
// `apply` made elsewhere reaches a running server within one interval
// without any request ever waiting for the registry.
//
// Start with New, then run Cache.Run in a goroutine; requests call
// Cache.Repo, which never blocks.
package snapshot
