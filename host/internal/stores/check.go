package stores

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/quiverfs/quiver/host/internal/config"
	"github.com/quiverfs/quiver/host/internal/pluginhost"
)

// SettingsChecker is an embedded store that can check its settings without
// opening, creating or connecting to anything, so `quiver plan` rejects
// what Configure would. Optional: a store without it is only checked when
// it is opened.
type SettingsChecker interface {
	// CheckSettings checks settings as Configure would. A problem with one
	// setting is a *SettingError naming it.
	CheckSettings(settings json.RawMessage) error
}

// SettingError is a problem with one key of a store block, so the host can
// point at it in quiver.yaml. Key "type" is the store type itself.
type SettingError struct {
	Key string
	Err error
}

// Error returns the cause's message.
func (e *SettingError) Error() string { return e.Err.Error() }

// Unwrap returns the cause.
func (e *SettingError) Unwrap() error { return e.Err }

// KeyOf returns the key err is about: the Key of a *SettingError in its
// chain, else "".
func KeyOf(err error) string {
	var se *SettingError
	if errors.As(err, &se) {
		return se.Key
	}
	return ""
}

// CheckOnline checks the online store block as Online would, without
// opening it: an embedded store's settings if it is a SettingsChecker, a
// plugin's binary against the plugins lock (the plugin is not launched, so
// its settings wait for Configure).
func (o *Opener) CheckOnline(ctx context.Context, cfg config.Store) error {
	if mk, ok := o.Embedded.Online[cfg.Type]; ok {
		return o.checkEmbedded(mk(), cfg)
	}
	return o.checkPlugin(ctx, cfg.Type, slices.Sorted(maps.Keys(o.Embedded.Online)))
}

// CheckOffline checks the offline store block as Offline would, without
// opening it; see CheckOnline.
func (o *Opener) CheckOffline(ctx context.Context, cfg config.Store) error {
	if mk, ok := o.Embedded.Offline[cfg.Type]; ok {
		return o.checkEmbedded(mk(), cfg)
	}
	return o.checkPlugin(ctx, cfg.Type, slices.Sorted(maps.Keys(o.Embedded.Offline)))
}

func (o *Opener) checkEmbedded(store any, cfg config.Store) error {
	c, ok := store.(SettingsChecker)
	if !ok {
		return nil
	}
	settings, err := o.settings(cfg, true)
	if err != nil {
		return err
	}
	return c.CheckSettings(settings)
}

// checkPlugin checks that plugin name has a binary the lock trusts.
func (o *Opener) checkPlugin(ctx context.Context, name string, embedded []string) error {
	unknown := func(err error) error {
		return &SettingError{Key: "type", Err: fmt.Errorf("store type %q is not embedded (%s) and has no plugin: %w",
			name, strings.Join(embedded, ", "), err)}
	}
	if o.Plugins == nil {
		return unknown(errors.New("plugins are not available here"))
	}
	m, err := o.Plugins(ctx)
	if err != nil {
		return unknown(err)
	}
	l := m.Launcher()
	if _, err := pluginhost.Find(l.Dir, name); err != nil {
		return unknown(err)
	}
	if _, _, err := l.Verify(name); err != nil {
		return &SettingError{Key: "type", Err: err}
	}
	return nil
}
