package sdk

import (
	"os"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/quiverfs/quiver/sdk/internal/datapath"
)

// parentPollInterval is how often a plugin checks that its host lives.
const parentPollInterval = 500 * time.Millisecond

// exitWithParent ends the plugin once the process that launched it is
// gone. A host that is killed (or a test binary cut off mid-run) cannot
// stop its plugins, and an orphaned plugin would keep its store's files
// and connections open. On Unix an orphan is adopted by another process,
// so a changed parent id means the host died.
func exitWithParent(logger hclog.Logger) {
	parent := os.Getppid()
	if parent <= 1 { // started by init, or the platform does not say
		return
	}
	go func() {
		for range time.Tick(parentPollInterval) {
			if os.Getppid() != parent {
				logger.Warn("the host process is gone; the plugin exits", "host_pid", parent)
				datapath.CloseAll()
				os.Exit(0)
			}
		}
	}()
}
