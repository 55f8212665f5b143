// Package pluginclient is the host side of the plugin protocol: it launches
// a plugin binary (go-plugin, AutoMTLS, protocol version negotiation), asks
// it for its capabilities, and hands out stores that implement the same
// onlinestore / offlinestore interfaces a plugin implements. A store that did
// not advertise an optional capability is handed out without the matching
// StoreWith… interface, so the host cannot call what was not advertised.
//
// The Quiver host and the conformance suite both use it. Start with Launch;
// Connect serves stores in process through the same gRPC shims (for tests
// and benchmarks).
package pluginclient
