package pluginhost

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/quiverfs/quiver/sdk/pluginclient"
)

// baseEnv names the variables every plugin receives when the host has
// them; QUIVER_PLUGIN_PPROF_ADDR (sdk.ProfileAddrEnv) is for profiling.
var baseEnv = []string{"PATH", "HOME", "TMPDIR", "QUIVER_PLUGIN_PPROF_ADDR"}

// Launcher launches the plugins of one plugins directory, each only after
// its binary matched the lock file.
type Launcher struct {
	// Dir is the plugins directory. Required.
	Dir string
	// Lock trusts the binaries. Required: without a lock nothing launches.
	Lock *Lock
	// Logger is the parent of each plugin's logger (named after the
	// plugin). Optional; nil discards plugin logs.
	Logger hclog.Logger
	// Env names host environment variables passed to plugins on top of
	// PATH, HOME and TMPDIR. Optional.
	Env []string
	// Values are variables ("K=V") passed to plugins as they are, e.g. the
	// tracing collector (telemetry.Options.Env). Optional.
	Values []string
	// Traced carries each call's trace context to the plugins
	// (OpenTelemetry); Values should then name the collector.
	Traced bool
	// StartTimeout bounds the launch and handshake. Optional; default 30s.
	StartTimeout time.Duration
	// DataPath is the path of online reads: pluginclient.DataPathGRPC (the
	// default) or pluginclient.DataPathSocket. Optional.
	DataPath string
}

// Launch verifies the binary of plugin name against the lock and launches it.
func (l *Launcher) Launch(ctx context.Context, name string) (*pluginclient.Client, error) {
	bin, sum, err := l.Verify(name)
	if err != nil {
		return nil, err
	}
	return l.LaunchBinary(ctx, bin, sum)
}

// Verify finds the binary of plugin name and checks it against the lock,
// as Launch does, without running it. It returns the binary and its
// checksum.
func (l *Launcher) Verify(name string) (Binary, []byte, error) {
	bin, err := Find(l.Dir, name)
	if err != nil {
		return Binary{}, nil, err
	}
	if l.Lock == nil {
		return Binary{}, nil, fmt.Errorf("plugin %s: %w in %s; run `quiver plugins lock` to trust the plugins there",
			name, ErrNoLockFile, l.Dir)
	}
	sum, err := l.Lock.Verify(bin)
	if err != nil {
		return Binary{}, nil, fmt.Errorf("refusing to launch plugin %s: %w", name, err)
	}
	return bin, sum, nil
}

// LaunchBinary launches bin, whose checksum the caller already checked;
// go-plugin checks sum again just before it executes the file.
func (l *Launcher) LaunchBinary(ctx context.Context, bin Binary, sum []byte) (*pluginclient.Client, error) {
	logger := l.Logger
	if logger == nil {
		logger = hclog.NewNullLogger()
	}
	c, err := pluginclient.Launch(ctx, pluginclient.Config{
		Path:         bin.Path,
		SHA256:       sum,
		Logger:       logger.Named(bin.Name),
		Env:          append(MinimalEnv(l.Env, os.LookupEnv), l.Values...),
		StartTimeout: l.StartTimeout,
		DataPath:     l.DataPath,
		Traced:       l.Traced,
	})
	if err != nil {
		return nil, fmt.Errorf("plugin %s: %w", bin.Name, err)
	}
	return c, nil
}

// MinimalEnv returns the environment of a plugin: PATH, HOME, TMPDIR and
// the extra variables named, each only if lookup finds it.
func MinimalEnv(extra []string, lookup func(string) (string, bool)) []string {
	env := []string{}
	seen := map[string]bool{}
	for _, k := range append(append([]string{}, baseEnv...), extra...) {
		if seen[k] {
			continue
		}
		seen[k] = true
		if v, ok := lookup(k); ok {
			env = append(env, k+"="+v)
		}
	}
	return env
}
