// Command quiver-plugin-memory serves the in-memory reference stores of the
// conformance suite as a Quiver plugin.
package main

import (
	"github.com/quiverfs/quiver/conformance/memstore"
	"github.com/quiverfs/quiver/sdk"
)

func main() {
	sdk.Serve(sdk.ServeConfig{
		Name:         "memory",
		Version:      "v1",
		OnlineStore:  memstore.NewOnline(),
		OfflineStore: memstore.NewOffline(),
	})
}
