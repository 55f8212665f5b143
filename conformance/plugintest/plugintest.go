package plugintest

import (
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/quiverfs/quiver/conformance"
	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/pluginclient"
)

// The modes Run runs, in this order, each as a subtest of that name.
const (
	ModeDirect    = "Direct"    // the stores, called directly
	ModeInProcess = "InProcess" // the stores behind the real gRPC shims, in process
	ModeBinary    = "Binary"    // the plugin binary built from Cmd, reads over gRPC
	ModeCLI       = "CLI"       // quiver-conformance run against that binary, reads on the socket data path
)

// Plugin describes the plugin module under test: its stores, for the
// in-process modes, and its command, for the binary and CLI modes.
type Plugin struct {
	// Name is the plugin's name: what its main passes to sdk.Serve, and the
	// end of its binary's name, quiver-plugin-<Name>. Required.
	Name string
	// Cmd is the package of the plugin's main as `go build` takes it from
	// the test's folder (the module root). Optional; default
	// "./cmd/quiver-plugin-<Name>".
	Cmd string
	// Online and Offline return a new store, not yet configured: the ones
	// the binary serves. At least one is required.
	Online  func(t *testing.T) onlinestore.Store
	Offline func(t *testing.T) offlinestore.Store
	// Config returns the settings Configure gets: the store block of
	// quiver.yaml without `type`, as a JSON object. It is called once per
	// mode. Optional; default {}.
	Config func(t *testing.T) json.RawMessage
	// BadConfig is a config the store must reject with InvalidArgument,
	// keeping its data. Optional; without it the Configure cases are
	// skipped, saying so.
	BadConfig json.RawMessage
	// UnreachableConfig is a config the store accepts whose backend is
	// down, e.g. one pointing at a closed port; UnreachableTimeout bounds
	// how long the store may take to say so (default 10s). Optional;
	// without it the cases of a dead backend are skipped, saying so.
	UnreachableConfig  json.RawMessage
	UnreachableTimeout time.Duration
	// KeyTTLConfig is a config with which a store that advertises key TTL
	// expires keys KeyTTL after their last write. Optional; without them
	// the key TTL case is skipped, saying so.
	KeyTTLConfig json.RawMessage
	KeyTTL       time.Duration
	// Env is the whole environment ("K=V") of the plugin binary in the
	// Binary and CLI modes, as the host's --plugin-env gives it. Optional.
	Env []string
	// SourceOptions are added to the options of every offline data source
	// the suite creates, e.g. a dataset. Optional.
	SourceOptions map[string]string
	// ProjectPrefix starts every project name the suite uses. Optional;
	// default "conf_<Name>_".
	ProjectPrefix string
	// CaseTimeout bounds one case. Optional; default that of
	// conformance.NewConfig.
	CaseTimeout time.Duration
	// Parallel runs the four modes at once (t.Parallel), for a backend
	// slow enough to make the sum too long; every case works in a project
	// of its own, so the modes do not meet. The modes then run after the
	// test function that called Run returns: release what they use with
	// t.Cleanup, not defer. Optional; default one by one.
	Parallel bool
}

// Run checks the plugin in the four modes (see the package doc), each a
// subtest of t. It fails t at once when p is incomplete.
func Run(t *testing.T, p Plugin) {
	t.Helper()
	p, err := p.withDefaults()
	if err != nil {
		t.Fatalf("plugintest: %v", err)
	}
	b := &builder{dir: t.TempDir(), cmd: p.Cmd, binary: binaryPrefix + p.Name}
	mode := func(name string, run func(t *testing.T)) {
		t.Run(name, func(t *testing.T) {
			if p.Parallel {
				t.Parallel()
			}
			run(t)
		})
	}
	mode(ModeDirect, func(t *testing.T) {
		cfg := p.config(t)
		cfg.Online, cfg.Offline = p.stores(t)
		cfg.Direct = true
		conformance.Run(t, cfg)
	})
	mode(ModeInProcess, func(t *testing.T) {
		cfg := p.config(t)
		cfg.Online, cfg.Offline = p.stores(t)
		conformance.Run(t, cfg)
	})
	mode(ModeBinary, func(t *testing.T) {
		cfg := p.config(t)
		bins := b.build(t)
		checkServes(t, p, bins.plugin)
		cfg.PluginPath = bins.plugin
		conformance.Run(t, cfg)
	})
	mode(ModeCLI, func(t *testing.T) {
		cfg := p.config(t)
		cfg.DataPath = pluginclient.DataPathSocket
		runCLI(t, b.build(t), cfg)
	})
}

// binaryPrefix starts the file name of every plugin binary.
const binaryPrefix = "quiver-plugin-"

// withDefaults checks p and fills in its optional fields.
func (p Plugin) withDefaults() (Plugin, error) {
	switch {
	case p.Name == "":
		return p, errors.New("Plugin.Name is required")
	case p.Online == nil && p.Offline == nil:
		return p, fmt.Errorf("plugin %s: Plugin.Online or Plugin.Offline is required", p.Name)
	}
	if p.Cmd == "" {
		p.Cmd = "./cmd/" + binaryPrefix + p.Name
	}
	if base := path.Base(p.Cmd); base != binaryPrefix+p.Name {
		return p, fmt.Errorf("plugin %s: Plugin.Cmd %s must end in %s%s, the name the host looks for", p.Name, p.Cmd, binaryPrefix, p.Name)
	}
	if p.ProjectPrefix == "" {
		p.ProjectPrefix = "conf_" + p.Name + "_"
	}
	return p, nil
}

// config returns the conformance.Config of every mode, without stores.
func (p Plugin) config(t *testing.T) conformance.Config {
	cfg := conformance.NewConfig()
	cfg.Name = p.Name
	if p.Config != nil {
		cfg.StoreConfig = p.Config(t)
	}
	cfg.BadConfig = p.BadConfig
	cfg.UnreachableConfig = p.UnreachableConfig
	if p.UnreachableTimeout > 0 {
		cfg.UnreachableTimeout = p.UnreachableTimeout
	}
	cfg.KeyTTLConfig, cfg.KeyTTL = p.KeyTTLConfig, p.KeyTTL
	if p.Online != nil {
		cfg.NewOnline = func() onlinestore.Store { return p.Online(t) }
	}
	if p.Offline != nil {
		cfg.NewOffline = func() offlinestore.Store { return p.Offline(t) }
	}
	cfg.PluginEnv = p.Env
	cfg.SourceOptions = p.SourceOptions
	cfg.ProjectPrefix = p.ProjectPrefix
	// New stores for the cases that need one of their own (Health before
	// Configure, other configs); the Binary mode launches the binary again.
	if p.Online != nil {
		cfg.NewOnline = func() onlinestore.Store { return p.Online(t) }
	}
	if p.Offline != nil {
		cfg.NewOffline = func() offlinestore.Store { return p.Offline(t) }
	}
	if p.CaseTimeout > 0 {
		cfg.CaseTimeout = p.CaseTimeout
	}
	return cfg
}

// stores returns new stores for an in-process mode.
func (p Plugin) stores(t *testing.T) (onlinestore.Store, offlinestore.Store) {
	var on onlinestore.Store
	var off offlinestore.Store
	if p.Online != nil {
		on = p.Online(t)
	}
	if p.Offline != nil {
		off = p.Offline(t)
	}
	return on, off
}

// checkServes launches the binary and fails t unless it reports p's name
// and serves the stores p describes, with their capabilities: the
// in-process modes test those.
func checkServes(t *testing.T, p Plugin, bin string) {
	t.Helper()
	c, err := pluginclient.Launch(t.Context(), pluginclient.Config{Path: bin, Env: p.Env})
	if err != nil {
		t.Fatalf("launching %s: %v", bin, err)
	}
	defer c.Close()
	if got := c.Info().Name; got != p.Name {
		t.Errorf("the binary reports the name %q, want %q (Plugin.Name)", got, p.Name)
	}
	_, online := c.Online()
	_, offline := c.Offline()
	if online != (p.Online != nil) {
		t.Errorf("the binary serves an online store: %t; Plugin.Online is set: %t", online, p.Online != nil)
	}
	if offline != (p.Offline != nil) {
		t.Errorf("the binary serves an offline store: %t; Plugin.Offline is set: %t", offline, p.Offline != nil)
	}
	on, off := p.stores(t)
	if online && on != nil {
		if d := cmp.Diff(onlinestore.CapabilitiesOf(on), c.OnlineCapabilities(), cmpopts.EquateEmpty()); d != "" {
			t.Errorf("the binary's online capabilities differ from those of Plugin.Online (-in process +binary):\n%s", d)
		}
	}
	if offline && off != nil {
		if d := cmp.Diff(offlinestore.CapabilitiesOf(off), c.OfflineCapabilities(), cmpopts.EquateEmpty()); d != "" {
			t.Errorf("the binary's offline capabilities differ from those of Plugin.Offline (-in process +binary):\n%s", d)
		}
	}
}
