package pluginscaffold

import (
	"regexp"
	"runtime/debug"
)

// The modules a plugin requires.
const (
	SDKModule         = "github.com/quiverfs/quiver/sdk"
	ConformanceModule = "github.com/quiverfs/quiver/conformance"
)

// DevVersion is the version a development build of quiver knows its sdk
// by: the go.mod files of this repository require it and replace it with
// the folder. No module proxy serves it, so a plugin module requiring it
// needs replace directives (see docs/plugins.md).
const DevVersion = "v0.0.0"

// releaseTag matches a clean release tag such as v1.2.3 (not what git
// describe gives past a tag, v1.2.3-4-gabcdef, nor -dirty).
var releaseTag = regexp.MustCompile(`^v[0-9]+\.[0-9]+\.[0-9]+$`)

// Version returns the version of the sdk and conformance modules a new
// plugin should require, and whether it is a release a module proxy can
// serve: the sdk version this program was built with, when the build took
// it from a module proxy; else hostVersion (quiver's own version, set at
// link time) when it is a release tag; else DevVersion and false.
func Version(hostVersion string) (string, bool) {
	if bi, ok := debug.ReadBuildInfo(); ok {
		if v, ok := released(bi, SDKModule); ok {
			return v, true
		}
	}
	if releaseTag.MatchString(hostVersion) {
		return hostVersion, true
	}
	return DevVersion, false
}

// released returns the version of module path in bi when it is a real
// module version: not a workspace module ((devel)), not replaced, not v0.0.0.
func released(bi *debug.BuildInfo, path string) (string, bool) {
	for _, d := range bi.Deps {
		if d.Path != path {
			continue
		}
		if d.Replace != nil || d.Version == DevVersion || !versionRE.MatchString(d.Version) {
			return "", false
		}
		return d.Version, true
	}
	return "", false
}
