// Command novector is a test plugin: the memory online store with vector
// search hidden and no offline store, so the suite must skip the vector and
// offline cases.
package main

import (
	"github.com/quiverfs/quiver/conformance/memstore"
	"github.com/quiverfs/quiver/sdk"
)

func main() {
	sdk.Serve(sdk.ServeConfig{
		Name:        "memory-novector",
		Version:     "v1",
		OnlineStore: memstore.HideVectorSearch(memstore.NewOnline()),
	})
}
