// Command quiver-plugin-milvus serves the milvus online store to the Quiver host.
package main

import (
	"github.com/quiverfs/quiver/sdk"
	"github.com/quiverfs/quiver/sdk/onlinestore"
)

func main() {
	sdk.Serve(sdk.ServeConfig{
		Name:    "milvus",
		Version: "0.0.1-stub",
		// Not implemented yet: every call but GetCapabilities answers Unsupported.
		OnlineStore: onlinestore.Unimplemented{Name: "milvus"},
	})
}
