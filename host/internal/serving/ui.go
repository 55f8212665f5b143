package serving

import (
	"net/http"

	"github.com/quiverfs/quiver/host/internal/webui"
)

// withUI serves the web UI's static files at /ui/ (open to anyone: they hold
// no data; the registry API they read authenticates) and everything else
// through api.
func withUI(api http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET "+webui.Prefix, webui.Handler())
	mux.Handle("GET /ui", http.RedirectHandler(webui.Prefix, http.StatusMovedPermanently))
	mux.Handle("/", api)
	return mux
}
