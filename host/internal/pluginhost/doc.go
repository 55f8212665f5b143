// Package pluginhost is how the Quiver host finds, trusts, launches and
// supervises store plugins.
//
// It is for the host's commands and servers; plugin authors use the sdk.
// Start with Manager: it resolves the plugins directory (ResolveDir),
// checks every binary against the lock file (Lock), launches it with a
// minimal environment (Launcher) and hands out a Supervisor per plugin.
// A Supervisor implements onlinestore.Store and offlinestore.Store through
// its Online and Offline methods, notices a plugin that died, fails calls
// with storeerr.ErrUnavailable while it relaunches the plugin with backoff,
// and replays the last Configure request of each store afterwards.
package pluginhost
