// Command quiver-plugin-cassandra serves the Cassandra online store to the
// Quiver host (see package cassandrastore for the settings and the layout).
package main

import (
	"github.com/quiverfs/quiver/plugins/cassandra/cassandrastore"
	"github.com/quiverfs/quiver/sdk"
)

func main() {
	sdk.Serve(sdk.ServeConfig{Name: "cassandra", Version: "0.1.0", OnlineStore: cassandrastore.New(nil)})
}
