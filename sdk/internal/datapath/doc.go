// Package datapath is the socket data path of the plugin protocol: a second
// channel, beside gRPC, that carries the hot online calls (Read, and Echo to
// measure it) as length-prefixed frames over a Unix socket the plugin opens.
//
// The host asks for it over the gRPC channel (OpenDataPath), which go-plugin
// secures with mutual TLS; the answer names the socket and a random token.
// The socket lives in a directory only the plugin's user can enter, and a
// connection is served only after it sent the token. The payloads are the
// plugin protocol's own protobuf messages, so both paths share one
// conversion and one set of checks; only the transport differs.
//
// A frame is a 13-byte header — payload length (uint32, big-endian), frame
// type (one byte), an argument (uint64, big-endian) — followed by the
// payload. One connection carries one request at a time: the host sends a
// request frame, the plugin answers zero or more chunks and then Done or
// Error. See frame.go for the types.
package datapath
