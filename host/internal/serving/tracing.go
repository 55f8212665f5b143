package serving

import (
	"net/http"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
)

// traced gives every HTTP request a server span, continued from the
// caller's traceparent header, named after the route it matched (never the
// raw path, whose names are unbounded).
func traced(h http.Handler) http.Handler {
	mux, _ := h.(*http.ServeMux)
	return otelhttp.NewHandler(h, "quiver", otelhttp.WithSpanNameFormatter(func(_ string, r *http.Request) string {
		if mux != nil {
			if _, pattern := mux.Handler(r); pattern != "" {
				return pattern
			}
		}
		return r.Method
	}))
}
