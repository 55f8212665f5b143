// Command quiver-plugin-milvus serves the Milvus online store to the Quiver host.
package main

import (
	"github.com/quiverfs/quiver/plugins/milvus/milvusstore"
	"github.com/quiverfs/quiver/sdk"
)

func main() {
	sdk.Serve(sdk.ServeConfig{Name: "milvus", Version: "0.1.0", OnlineStore: milvusstore.New()})
}
