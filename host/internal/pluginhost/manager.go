package pluginhost

import (
	"context"
	"fmt"
	"sort"
	"sync"

	"github.com/quiverfs/quiver/sdk/pluginclient"
)

// Manager owns every plugin process of one host run: the supervised ones
// (Plugin) and the short-lived probes (Probe). Close stops them all.
type Manager struct {
	launcher *Launcher
	cfg      SupervisorConfig

	mu     sync.Mutex
	sups   map[string]*Supervisor
	probes []*pluginclient.Client
	closed bool
}

// NewManager returns a manager that launches plugins through l.
func NewManager(l *Launcher, cfg SupervisorConfig) *Manager {
	return &Manager{launcher: l, cfg: cfg, sups: map[string]*Supervisor{}}
}

// Launcher returns the manager's launcher.
func (m *Manager) Launcher() *Launcher { return m.launcher }

// Plugin returns the supervisor of plugin name, launching it on first use.
func (m *Manager) Plugin(ctx context.Context, name string) (*Supervisor, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return nil, fmt.Errorf("plugin %s: the plugin manager is shut down", name)
	}
	if s, ok := m.sups[name]; ok {
		return s, nil
	}
	cfg := m.cfg
	if cfg.Logger != nil {
		cfg.Logger = cfg.Logger.Named("supervisor")
	}
	s, err := NewSupervisor(ctx, name, func(ctx context.Context) (*pluginclient.Client, error) {
		return m.launcher.Launch(ctx, name)
	}, cfg)
	if err != nil {
		return nil, err
	}
	m.sups[name] = s
	return s, nil
}

// Probe launches bin without supervision, e.g. to ask for its
// capabilities. The caller may Close the client; Manager.Close does too.
func (m *Manager) Probe(ctx context.Context, bin Binary, sum []byte) (*pluginclient.Client, error) {
	c, err := m.launcher.LaunchBinary(ctx, bin, sum)
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		c.Close()
		return nil, fmt.Errorf("plugin %s: the plugin manager is shut down", bin.Name)
	}
	m.probes = append(m.probes, c)
	return c, nil
}

// Names returns the names of the supervised plugins, sorted.
func (m *Manager) Names() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	names := make([]string, 0, len(m.sups))
	for n := range m.sups {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Close stops every plugin. It is safe to call more than once and from
// several goroutines, e.g. from a signal handler.
func (m *Manager) Close() {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return
	}
	m.closed = true
	sups, probes := m.sups, m.probes
	m.sups, m.probes = map[string]*Supervisor{}, nil
	m.mu.Unlock()
	var wg sync.WaitGroup
	for _, s := range sups {
		wg.Go(s.Close)
	}
	for _, c := range probes {
		wg.Go(c.Close)
	}
	wg.Wait()
}
