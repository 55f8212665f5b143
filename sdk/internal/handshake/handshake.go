// Package handshake holds the constants both ends of the plugin protocol
// agree on. They are defined once and never changed; the protocol evolves by
// adding versions.
package handshake

import "github.com/hashicorp/go-plugin"

// ProtocolVersion is the plugin protocol version this SDK speaks.
const ProtocolVersion = 1

// Plugin names in the go-plugin plugin set.
const (
	OnlineStorePlugin  = "online_store"
	OfflineStorePlugin = "offline_store"
)

// MaxMessageBytes is the largest gRPC message either end sends or accepts.
const MaxMessageBytes = 4 << 20

// ChunkBytes is the target size of one chunk of a streamed transfer; it
// leaves room under MaxMessageBytes for framing.
const ChunkBytes = 1 << 20

// Config is the go-plugin handshake: a UX guard that stops a plugin binary
// from being run by hand, not a security measure.
var Config = plugin.HandshakeConfig{
	ProtocolVersion:  ProtocolVersion,
	MagicCookieKey:   "QUIVER_PLUGIN_MAGIC_COOKIE",
	MagicCookieValue: "7d3f1c52b0e94a8e9f2a6c41d5e8b7a3quiver",
}
