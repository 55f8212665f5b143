package pluginhost

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/pluginclient"
	"github.com/quiverfs/quiver/sdk/storeerr"
)

// LaunchFunc starts one plugin process.
type LaunchFunc func(ctx context.Context) (*pluginclient.Client, error)

// SupervisorConfig tunes a Supervisor. Every field is optional.
type SupervisorConfig struct {
	Logger         hclog.Logger  // default: discard
	InitialBackoff time.Duration // first relaunch delay; default 100ms
	MaxBackoff     time.Duration // delay cap; default 10s
	PollInterval   time.Duration // how often to look for an exited plugin; default 250ms
	ReplayTimeout  time.Duration // bound on replaying Configure; default 30s
}

func (c *SupervisorConfig) defaults() {
	if c.Logger == nil {
		c.Logger = hclog.NewNullLogger()
	}
	if c.InitialBackoff <= 0 {
		c.InitialBackoff = 100 * time.Millisecond
	}
	if c.MaxBackoff <= 0 {
		c.MaxBackoff = 10 * time.Second
	}
	if c.PollInterval <= 0 {
		c.PollInterval = 250 * time.Millisecond
	}
	if c.ReplayTimeout <= 0 {
		c.ReplayTimeout = 30 * time.Second
	}
}

// Supervisor keeps one plugin running. Its stores (Online, Offline) stay
// valid across relaunches: while the plugin is down every call fails with
// storeerr.ErrUnavailable; once it is back, the last Configure request of
// each store has been replayed and calls succeed again. It is safe for
// concurrent use.
type Supervisor struct {
	name   string
	launch LaunchFunc
	cfg    SupervisorConfig
	stop   chan struct{} // closed by Close
	wg     sync.WaitGroup

	mu         sync.Mutex
	client     *pluginclient.Client // nil while relaunching or closed
	info       pluginclient.Info
	onlineCaps onlinestore.Capabilities
	offCaps    offlinestore.Capabilities
	hasOnline  bool
	hasOffline bool
	onlineCfg  *onlinestore.ConfigureRequest  // last successful Configure
	offlineCfg *offlinestore.ConfigureRequest // last successful Configure
	lastErr    error                          // last relaunch failure
	upSince    time.Time
	delay      time.Duration // next relaunch delay
	closed     bool
}

// NewSupervisor launches the plugin and starts watching it. name labels
// errors and logs.
func NewSupervisor(ctx context.Context, name string, launch LaunchFunc, cfg SupervisorConfig) (*Supervisor, error) {
	cfg.defaults()
	c, err := launch(ctx)
	if err != nil {
		return nil, err
	}
	s := &Supervisor{name: name, launch: launch, cfg: cfg, stop: make(chan struct{})}
	s.install(c)
	s.wg.Add(1)
	go s.watch()
	return s, nil
}

// Name returns the plugin's name.
func (s *Supervisor) Name() string { return s.name }

// Info returns the name and version the plugin reported.
func (s *Supervisor) Info() pluginclient.Info {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.info
}

// PID returns the current plugin process id, or 0 while none runs.
func (s *Supervisor) PID() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.client == nil {
		return 0
	}
	return s.client.PID()
}

// install makes c the current client, unless the supervisor is closed;
// then it reports false and the caller closes c.
func (s *Supervisor) install(c *pluginclient.Client) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	s.client, s.info, s.lastErr, s.upSince = c, c.Info(), nil, time.Now()
	_, s.hasOnline = c.Online()
	_, s.hasOffline = c.Offline()
	s.onlineCaps, s.offCaps = c.OnlineCapabilities(), c.OfflineCapabilities()
	return true
}

// acquire returns the current client or an Unavailable error.
func (s *Supervisor) acquire() (*pluginclient.Client, error) {
	s.mu.Lock()
	c, closed, lastErr := s.client, s.closed, s.lastErr
	s.mu.Unlock()
	switch {
	case closed:
		return nil, storeerr.Unavailable("plugin %s is shut down", s.name)
	case c == nil:
		return nil, s.exitedErr(lastErr)
	case c.Exited():
		s.markDead(c)
		return nil, s.exitedErr(nil)
	}
	return c, nil
}

// exitedErr is the error of every call while the plugin is down.
func (s *Supervisor) exitedErr(cause error) error {
	msg := fmt.Sprintf("plugin %s exited; relaunching", s.name)
	if cause != nil {
		msg += " (last attempt failed)"
	}
	return &storeerr.Error{Kind: storeerr.KindUnavailable, Source: storeerr.SourcePlugin, Message: msg, Err: cause}
}

// check turns the error of a call made on c into the error the caller sees:
// an Unavailable error from a plugin whose process is gone starts a
// relaunch and says so.
func (s *Supervisor) check(ctx context.Context, c *pluginclient.Client, err error) error {
	if !errors.Is(err, storeerr.ErrUnavailable) || ctx.Err() != nil {
		return err
	}
	var se *storeerr.Error
	if errors.As(err, &se) && se.Source == storeerr.SourceDownstream {
		return err // the plugin answered: its database is down, not the plugin
	}
	s.mu.Lock()
	closed, replaced := s.closed, s.client != c
	s.mu.Unlock()
	if closed {
		return storeerr.Unavailable("plugin %s is shut down: %w", s.name, err)
	}
	if !replaced && !waitExited(c, 500*time.Millisecond) {
		return err
	}
	s.markDead(c)
	return s.exitedErr(err)
}

// waitExited reports whether c's process exits within d. go-plugin notices
// an exit shortly after the connection breaks.
func waitExited(c *pluginclient.Client, d time.Duration) bool {
	deadline := time.Now().Add(d)
	for !c.Exited() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(10 * time.Millisecond)
	}
	return true
}

// watch polls for a plugin that exited while no call was running.
func (s *Supervisor) watch() {
	defer s.wg.Done()
	t := time.NewTicker(s.cfg.PollInterval)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
		}
		s.mu.Lock()
		c := s.client
		s.mu.Unlock()
		if c != nil && c.Exited() {
			s.markDead(c)
		}
	}
}

// markDead drops c, if it is still current, and relaunches in the background.
func (s *Supervisor) markDead(c *pluginclient.Client) {
	s.mu.Lock()
	if s.closed || s.client != c {
		s.mu.Unlock()
		return
	}
	s.client = nil
	if time.Since(s.upSince) >= s.cfg.MaxBackoff || s.delay == 0 {
		s.delay = s.cfg.InitialBackoff // it ran long enough: start over
	}
	s.mu.Unlock()
	s.cfg.Logger.Warn("plugin exited; relaunching", "plugin", s.name, "pid", c.PID())
	c.Close() // reaps the process and frees go-plugin's resources
	s.wg.Add(1)
	go s.relaunch()
}
