// Package redis will hold the redis online store plugin for Quiver. For now the
// binary in cmd/quiver-plugin-redis serves only GetCapabilities and answers
// every other call with a "not implemented yet" Unsupported error.
package redis
