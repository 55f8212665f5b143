// Package httpapi is the feature server's HTTP front end, speaking Feast's
// JSON: POST /get-online-features, /push, /write-to-online-store,
// /materialize and /materialize-incremental, GET /health and /metrics.
//
// Each handler decodes its request (bodies are capped with
// http.MaxBytesReader; the entity and df objects keep their key order),
// calls one service.Service method, and writes the answer or a JSON error
// {"error": {"code": "...", "message": "..."}}. Middleware recovers
// panics as 500 JSON errors and records request metrics. The
// /get-online-features answer is encoded by hand into a pooled buffer: it
// is the hot path.
//
// Start with New.
package httpapi
