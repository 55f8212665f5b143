// Package storeconfig holds helpers for decoding a store's settings (the
// store block of quiver.yaml, which Configure receives as JSON).
package storeconfig
