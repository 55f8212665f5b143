// Package stores opens the online and offline stores a quiver.yaml names:
// an embedded store (in process) when its type is registered as one, else
// the plugin of that name (quiver-plugin-<type>) through the plugin host.
// Either way the caller gets an sdk store interface and cannot tell the two
// apart. Opening also calls Configure with the block's settings.
//
// CheckOnline and CheckOffline check a block as opening it would, without
// opening, creating or launching anything (`quiver plan`); their problems
// are SettingErrors naming the key.
//
// Start with Opener.
package stores
