// Package plan compares the objects a feature repository defines with the
// ones the registry holds and works out what `quiver apply` will change:
// objects to create, update and delete, and the online store infrastructure
// to create and remove. Objects missing from the files are deleted only when
// pruning.
//
// Start with Compute; Plan.Render prints what `quiver plan` shows.
package plan
