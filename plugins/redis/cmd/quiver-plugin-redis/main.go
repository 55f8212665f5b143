// Command quiver-plugin-redis serves the Redis online store to the Quiver
// host (see package redisstore for the settings and the data layout).
package main

import (
	"github.com/quiverfs/quiver/plugins/redis/redisstore"
	"github.com/quiverfs/quiver/sdk"
)

func main() {
	sdk.Serve(sdk.ServeConfig{Name: "redis", Version: "0.1.0", OnlineStore: redisstore.New()})
}
