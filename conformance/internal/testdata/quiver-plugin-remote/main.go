// Command quiver-plugin-remote is a test plugin: the memory stores behind a pretend
// backend (package remotestore), whose "address" setting a closed port
// makes unreachable. QUIVER_REMOTESTORE_FAULTS turns on deliberate bugs
// (remotestore.ParseFaults); QUIVER_REMOTESTORE_OFFLINE_ONLY=1 serves no
// online store and QUIVER_REMOTESTORE_NAME renames the plugin ("" too).
package main

import (
	"fmt"
	"os"

	"github.com/quiverfs/quiver/conformance/internal/remotestore"
	"github.com/quiverfs/quiver/sdk"
	"github.com/quiverfs/quiver/sdk/onlinestore"
)

func main() {
	faults, err := remotestore.ParseFaults(os.Getenv("QUIVER_REMOTESTORE_FAULTS"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	name, ok := os.LookupEnv("QUIVER_REMOTESTORE_NAME")
	if !ok {
		name = "remote"
	}
	var online onlinestore.Store = remotestore.NewOnline(faults)
	if os.Getenv("QUIVER_REMOTESTORE_OFFLINE_ONLY") == "1" {
		online = nil
	}
	sdk.Serve(sdk.ServeConfig{Name: name, Version: "v1", OnlineStore: online, OfflineStore: remotestore.NewOffline(faults)})
}
