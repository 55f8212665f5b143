package sdk

import (
	"net/http"
	"os"
	"runtime/pprof"
	"strconv"
	"time"

	"github.com/hashicorp/go-hclog"
)

// ProfileAddrEnv names the variable that makes a plugin serve its CPU and
// memory profiles over HTTP, for profiling under load (docs/benchmarks.md).
// The host passes it on to its plugins when it has it.
const ProfileAddrEnv = "QUIVER_PLUGIN_PPROF_ADDR"

// maxProfileSeconds bounds the CPU profile one request may ask for.
const maxProfileSeconds = 300

// serveProfiles serves, when ProfileAddrEnv is set, /debug/pprof/profile
// (a CPU profile of ?seconds=N, default 30) and /debug/pprof/{heap,allocs,goroutine},
// on a mux of its own.
func serveProfiles(log hclog.Logger) {
	addr := os.Getenv(ProfileAddrEnv)
	if addr == "" {
		return
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/profile", func(w http.ResponseWriter, r *http.Request) {
		seconds, err := strconv.Atoi(r.URL.Query().Get("seconds"))
		if err != nil || seconds <= 0 {
			seconds = 30
		}
		seconds = min(seconds, maxProfileSeconds)
		if err := pprof.StartCPUProfile(w); err != nil {
			http.Error(w, err.Error(), http.StatusConflict)
			return
		}
		select {
		case <-time.After(time.Duration(seconds) * time.Second):
		case <-r.Context().Done():
		}
		pprof.StopCPUProfile()
	})
	for _, name := range []string{"heap", "allocs", "goroutine"} {
		mux.HandleFunc("/debug/pprof/"+name, func(w http.ResponseWriter, r *http.Request) {
			_ = pprof.Lookup(name).WriteTo(w, 0)
		})
	}
	go func() {
		srv := &http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: 10 * time.Second}
		log.Warn("profile server stopped", "error", srv.ListenAndServe())
	}()
	log.Info("serving profiles ("+ProfileAddrEnv+")", "addr", addr)
}
