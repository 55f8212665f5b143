// Package featurestore ties one feature repository together: its
// quiver.yaml, its registry, its online and offline stores (embedded or
// plugins, opened on first use) and the authorizer. Commands and servers
// start from Open and reach everything else through the FeatureStore.
package featurestore
