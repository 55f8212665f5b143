// Package sdk is what a Quiver store plugin imports.
//
// A plugin implements onlinestore.Store and/or offlinestore.Store (plus any
// optional StoreWith… interface) and calls Serve from main:
//
//	func main() {
//		sdk.Serve(sdk.ServeConfig{
//			Name:        "redis",
//			Version:     "0.1.0",
//			OnlineStore: redisstore.New(),
//		})
//	}
//
// Serve speaks the plugin protocol (go-plugin over gRPC, AutoMTLS) and
// advertises the capabilities derived from the interfaces the stores
// implement. Errors should be built with package storeerr; the conformance
// module checks a plugin against the semantics the host relies on.
package sdk
