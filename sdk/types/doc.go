// Package types holds the Go-native values of the Quiver type system that
// cross the plugin boundary: typed values, entity keys, and the specs of
// feature views, entities and data sources.
//
// Plugin authors meet these types in the requests of the onlinestore and
// offlinestore packages. Start with Value and EntityKey.
package types
