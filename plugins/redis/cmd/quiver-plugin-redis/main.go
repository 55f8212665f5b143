// Command quiver-plugin-redis serves the redis online store to the Quiver host.
package main

import (
	"github.com/quiverfs/quiver/sdk"
	"github.com/quiverfs/quiver/sdk/onlinestore"
)

func main() {
	sdk.Serve(sdk.ServeConfig{
		Name:    "redis",
		Version: "0.0.1-stub",
		// Not implemented yet: every call but GetCapabilities answers Unsupported.
		OnlineStore: onlinestore.Unimplemented{Name: "redis"},
	})
}
