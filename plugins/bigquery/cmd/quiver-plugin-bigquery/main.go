// Command quiver-plugin-bigquery serves the bigquery offline store to the Quiver host.
package main

import (
	"github.com/quiverfs/quiver/sdk"
	"github.com/quiverfs/quiver/sdk/offlinestore"
)

func main() {
	sdk.Serve(sdk.ServeConfig{
		Name:    "bigquery",
		Version: "0.0.1-stub",
		// Not implemented yet: every call but GetCapabilities answers Unsupported.
		OfflineStore: offlinestore.Unimplemented{Name: "bigquery"},
	})
}
