// Package convert turns SDK types into protocol messages and back. Every
// function is pure and named after the message it handles: XToProto and
// XFromProto.
//
// FromProto functions take what a peer sent, so they trust no declared
// count: rows and keys are checked against the data that carries them
// before anything is allocated (keys without join keys, which carry no
// data, are bounded by MaxKeylessKeys or the request's other views), and
// filters are checked for shape and depth (MaxFilterDepth). The shims
// answer their errors with InvalidArgument. fuzz_test.go fuzzes them.
package convert
