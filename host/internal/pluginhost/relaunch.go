package pluginhost

import (
	"context"
	"fmt"
	"time"

	"github.com/quiverfs/quiver/sdk/pluginclient"
)

// relaunch starts the plugin again, with exponential backoff, until it
// runs and accepted the replayed Configure requests, or Close is called.
func (s *Supervisor) relaunch() {
	defer s.wg.Done()
	for {
		s.mu.Lock()
		delay := s.delay
		s.delay = min(2*s.delay, s.cfg.MaxBackoff)
		s.mu.Unlock()
		select {
		case <-s.stop:
			return
		case <-time.After(delay):
		}
		c, err := s.relaunchOnce()
		if err == nil {
			if !s.install(c) {
				c.Close() // closed while launching
				return
			}
			s.cfg.Logger.Info("plugin relaunched", "plugin", s.name, "pid", c.PID())
			return
		}
		s.mu.Lock()
		s.lastErr = err
		s.mu.Unlock()
		s.cfg.Logger.Error("relaunching plugin failed", "plugin", s.name, "error", err, "retry_in", min(2*delay, s.cfg.MaxBackoff))
	}
}

// relaunchOnce launches the plugin and replays the remembered Configure
// requests on it.
func (s *Supervisor) relaunchOnce() (*pluginclient.Client, error) {
	ctx, cancel := context.WithTimeout(context.Background(), s.cfg.ReplayTimeout)
	defer cancel()
	go func() {
		select {
		case <-s.stop:
			cancel()
		case <-ctx.Done():
		}
	}()
	c, err := s.launch(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.replay(ctx, c); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// replay sends c the last successful Configure request of each store.
func (s *Supervisor) replay(ctx context.Context, c *pluginclient.Client) error {
	s.mu.Lock()
	onCfg, offCfg := s.onlineCfg, s.offlineCfg
	s.mu.Unlock()
	if onCfg != nil {
		st, ok := c.Online()
		if !ok {
			return fmt.Errorf("relaunched plugin %s no longer serves an online store", s.name)
		}
		if _, err := st.Configure(ctx, onCfg); err != nil {
			return fmt.Errorf("replaying online Configure on plugin %s: %w", s.name, err)
		}
	}
	if offCfg != nil {
		st, ok := c.Offline()
		if !ok {
			return fmt.Errorf("relaunched plugin %s no longer serves an offline store", s.name)
		}
		if _, err := st.Configure(ctx, offCfg); err != nil {
			return fmt.Errorf("replaying offline Configure on plugin %s: %w", s.name, err)
		}
	}
	return nil
}

// Close stops the plugin and the supervision. Calls made afterwards fail
// with storeerr.ErrUnavailable. Calling Close again does nothing.
func (s *Supervisor) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	c := s.client
	s.client = nil
	close(s.stop)
	s.mu.Unlock()
	if c != nil {
		c.Close()
	}
	s.wg.Wait()
}
