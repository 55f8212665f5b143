package httpapi

import (
	"context"
	"errors"
	"net/http"

	"github.com/quiverfs/quiver/host/internal/service"
)

// httpStatus maps a service error code to an HTTP status code.
func httpStatus(code service.Code) int {
	switch code {
	case service.CodeInvalid:
		return http.StatusBadRequest
	case service.CodeNotFound:
		return http.StatusNotFound
	case service.CodeTooLarge:
		return http.StatusRequestEntityTooLarge
	case service.CodeMediaType:
		return http.StatusUnsupportedMediaType
	case service.CodeForbidden:
		return http.StatusForbidden
	case service.CodeUnauthorized:
		return http.StatusUnauthorized
	case service.CodeConflict:
		return http.StatusConflict
	case service.CodeUnavailable:
		return http.StatusServiceUnavailable
	case service.CodeUnimplemented:
		return http.StatusNotImplemented
	case service.CodeCanceled:
		return 499 // client closed request, as nginx counts it
	}
	return http.StatusInternalServerError
}

// writeError answers with err's status and JSON error body. When the
// client went away first, whatever the error says, the request counts as
// cancelled (499, logged at debug level), not as a server failure.
func (a *api) writeError(w http.ResponseWriter, r *http.Request, err error) {
	code, msg := service.Classify(err)
	if errors.Is(r.Context().Err(), context.Canceled) {
		code = service.CodeCanceled
	}
	status := httpStatus(code)
	if code == service.CodeCanceled {
		a.log.Debug("client went away", "path", r.URL.Path, "error", msg)
	} else if status >= 500 {
		a.log.Warn("request failed", "path", r.URL.Path, "status", status, "error", msg)
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="quiver"`)
	}
	writeErrorCode(w, status, string(code), msg)
}

// writeErrorCode writes {"error": {"code": code, "message": msg}}.
func writeErrorCode(w http.ResponseWriter, status int, code, msg string) {
	b := make([]byte, 0, 64+len(msg))
	b = append(b, `{"error":{"code":`...)
	b = appendString(b, code)
	b = append(b, `,"message":`...)
	b = appendString(b, msg)
	b = append(b, "}}\n"...)
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	w.Write(b)
}
