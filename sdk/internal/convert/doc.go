// Package convert turns SDK types into protocol messages and back. Every
// function is pure and named after the message it handles: XToProto and
// XFromProto.
package convert
