// Package model holds the objects of a feature repository as the host works
// with them: entities, data sources, feature views and feature services.
// The definitions package parses them from YAML, the registry stores them
// (as JSON of these structs), and everything else reads them from a Repo.
//
// Start with Repo, the set of objects of one project.
package model
