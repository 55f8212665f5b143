// Command quiver-plugin-milvus serves the Milvus online store to the Quiver host.
package main

import (
	"github.com/quiverfs/quiver/plugins/milvus"
	"github.com/quiverfs/quiver/sdk"
)

func main() {
	sdk.Serve(sdk.ServeConfig{Name: "milvus", Version: "0.1.0", OnlineStore: milvus.New()})
}
