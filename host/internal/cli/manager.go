package cli

import (
	ucli "github.com/urfave/cli/v2"

	"github.com/quiverfs/quiver/host/internal/pluginhost"
)

// manager returns a plugin manager for plugins directory dir that the run
// stops when it ends or is interrupted.
func (r *run) manager(c *ucli.Context, lock *pluginhost.Lock, dir string) (*pluginhost.Manager, error) {
	log, err := logger(c)
	if err != nil {
		return nil, err
	}
	m := pluginhost.NewManager(&pluginhost.Launcher{
		Dir:      dir,
		Lock:     lock,
		Logger:   log.Named("plugin"),
		Env:      c.StringSlice(flagPluginEnv),
		DataPath: c.String(flagDataPath),
		Values:   r.tracing.Env(),
		Traced:   r.tracing.Enabled(),
	}, pluginhost.SupervisorConfig{Logger: log})
	if err := r.track(m); err != nil {
		return nil, err
	}
	return m, nil
}
