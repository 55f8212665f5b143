// Package config reads a feature repository's quiver.yaml: the project name,
// the registry, the online and offline stores (chosen by `type`; a plugin
// store's other keys go to the plugin's Configure), auth and the feature
// server. ${ENV} references in values are expanded; a reference to an unset
// variable is an error naming it.
//
// Start with Load.
package config
