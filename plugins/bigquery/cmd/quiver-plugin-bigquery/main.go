// Command quiver-plugin-bigquery serves the BigQuery offline store to the
// Quiver host (see package bqstore for the settings and how it works).
package main

import (
	"github.com/quiverfs/quiver/plugins/bigquery/bqstore"
	"github.com/quiverfs/quiver/sdk"
)

func main() {
	sdk.Serve(sdk.ServeConfig{Name: "bigquery", Version: "0.1.0", OfflineStore: bqstore.New(nil)})
}
