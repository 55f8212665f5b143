package pluginhost

import (
	"os"
	"testing"

	"github.com/quiverfs/quiver/host/internal/pluginhost/plugintest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	plugintest.Cleanup()
	os.Exit(code)
}
