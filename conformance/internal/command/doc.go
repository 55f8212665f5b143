// Package command is the quiver-conformance command line: flags, the run
// of the suite against a plugin binary, and the text and JSON reports. The
// binary in cmd/quiver-conformance only calls NewApp; package plugintest
// decodes the JSON Report when it runs the built command.
package command
