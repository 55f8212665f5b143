// Package plugintest is the one-call test of a Quiver store plugin module.
// A plugin's conformance_test.go, at the root of its module, is:
//
//	func TestConformance(t *testing.T) {
//		plugintest.Run(t, plugintest.Plugin{
//			Name:              "redis",
//			Online:            func(*testing.T) onlinestore.Store { return redisstore.New() },
//			Config:            func(t *testing.T) json.RawMessage { return plugintest.ReadConfig(t, "testdata/config.json") },
//			BadConfig:         plugintest.ReadConfig(t, "testdata/bad_config.json"),
//			UnreachableConfig: plugintest.ReadConfig(t, "testdata/unreachable_config.json"),
//		})
//	}
//
// ReadConfig reads a settings file as quiver-conformance does, expanding
// ${VAR} references (e.g. ${QUIVER_TEST_REDIS_ADDR}). Without BadConfig or
// UnreachableConfig the cases that need them are skipped, each saying so.
//
// Run runs the whole conformance suite four times, each a subtest:
//
//   - Direct: the stores Online and Offline return, called directly;
//   - InProcess: the same stores behind the real gRPC shims of the plugin
//     protocol, served and called in this process;
//   - Binary: the plugin binary, built with `go build` from Cmd (default
//     ./cmd/quiver-plugin-<Name>) and launched as the host launches it,
//     with online reads over gRPC;
//   - CLI: the quiver-conformance command, built from this module's
//     requirement on the conformance module, run against that binary with
//     --data-path socket, so that online reads take the socket data path;
//     each case it reports becomes a subtest.
//
// The modes run one by one, or at once with Plugin.Parallel. The binaries
// are built once per Run call, into a temporary folder of the
// test, so no prebuilt bin/ folder is needed. Cases the plugin's
// capabilities do not cover are skipped, as conformance.Run skips them;
// everything else must pass in every mode.
package plugintest
