package cli

import (
	"testing"

	"github.com/quiverfs/quiver/host/internal/serving/service"
)

func TestTheCLIAndTheServerAcceptTheSameTimes(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"2025-03-01 10:00:00+02:00", "2025-03-01T10:00:00+02:00", "2025-03-01T10:00:00",
		"2025-03-01 10:00", "2025-03-01", "2025-03-01T10:00:00.123456Z", "03/01/2025", "2025-03-01T10", "soon"} {
		cliTime, cliErr := parseTime(s)
		srvTime, srvErr := service.ParseTime("end_ts", s)
		if (cliErr == nil) != (srvErr == nil) || !cliTime.Equal(srvTime) {
			t.Errorf("%q: CLI %v (%v), server %v (%v)", s, cliTime, cliErr, srvTime, srvErr)
		}
	}
}
