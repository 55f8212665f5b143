// Package conformance is the conformance suite of Quiver store plugins: it
// checks that an online or offline store keeps the plugin protocol and the
// semantics contract (newest row wins, exact types and timestamps, project
// isolation, exact vector search, point-in-time pulls, ...).
//
// A plugin's own test calls Run:
//
//	func TestConformance(t *testing.T) {
//		cfg := conformance.NewConfig()
//		cfg.PluginPath = "../../bin/quiver-plugin-redis"
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
// quiver-conformance command does against any plugin binary.
package conformance
