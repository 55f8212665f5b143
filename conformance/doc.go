// Package conformance is the conformance suite of Quiver store plugins: it
// checks that an online or offline store keeps the plugin protocol and the
// semantics contract (newest row wins, exact types and timestamps, project
// isolation, exact vector search, point-in-time pulls, ...).
//
// A plugin module's test is one call of plugintest.Run (package
// conformance/plugintest), which runs the suite against the stores in
// process, through the gRPC shims, against the plugin binary it builds and
// through the quiver-conformance command. Run is what it calls for each of
// the first three; a test may also call it directly:
//
//	func TestConformance(t *testing.T) {
//		cfg := conformance.NewConfig()
//		cfg.PluginPath = "/path/to/quiver-plugin-redis"
//		cfg.StoreConfig = json.RawMessage(`{"address": "127.0.0.1:6379"}`)
//		conformance.Run(t, cfg)
//	}
//
// Cases are subtests named Service/RPC/should …, e.g.
// "OnlineStore/Read/should return exact values for every type". A case whose
// capability the plugin does not advertise is skipped with the reason, never
// failed. Every case works in its own project and tears it down.
//
// The same cases run without a testing.T through RunCases, which is what the
// quiver-conformance command does against any plugin binary. Cases lists
// every case and what it needs (quiver-conformance --list).
package conformance
