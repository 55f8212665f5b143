package httpapi

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/quiverfs/quiver/host/internal/apierr"
	"github.com/quiverfs/quiver/host/internal/config"
	"github.com/quiverfs/quiver/host/internal/service"
	"github.com/quiverfs/quiver/host/internal/serving/feasterr"
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
	var object apierr.Object
	if e, ok := apierr.As(err); ok {
		object = e.Object
	}
	a.errors.write(w, r, status, string(code), msg, object)
}

// errorForm is the form of error bodies, a config.ErrorFormat* value.
type errorForm string

// feast reports whether r is answered in Feast's form.
func (f errorForm) feast(r *http.Request) bool {
	switch f {
	case config.ErrorFormatFeast:
		return true
	case config.ErrorFormatQuiver:
		return false
	}
	// Feast's SDK posts through the requests library and sends its
	// default User-Agent.
	return strings.HasPrefix(r.Header.Get("User-Agent"), "python-requests/")
}

// write answers status with {"error": {"code": code, "message": msg}}, or
// with Feast's form of it when r gets that form. Both carry the code in
// the X-Quiver-Error-Code header too.
func (f errorForm) write(w http.ResponseWriter, r *http.Request, status int, code, msg string, object apierr.Object) {
	b := make([]byte, 0, 96+2*len(msg))
	if f.feast(r) {
		b = appendFeastError(b, code, msg, object)
	} else {
		b = appendQuiverError(b, code, msg)
	}
	b = append(b, '\n')
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Quiver-Error-Code", code)
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	w.Write(b)
}

// appendQuiverError appends {"error":{"code":code,"message":msg}}.
func appendQuiverError(b []byte, code, msg string) []byte {
	b = append(b, `{"error":{"code":`...)
	b = appendString(b, code)
	b = append(b, `,"message":`...)
	b = appendString(b, msg)
	return append(b, "}}"...)
}

// appendFeastError appends the body Feast's feature server sends for its
// own errors: a JSON string holding feasterr's detail object, which Feast's
// client json-decodes to raise module.class with message.
func appendFeastError(b []byte, code, msg string, object apierr.Object) []byte {
	return appendString(b, string(feasterr.New(service.Code(code), msg, object).JSON()))
}
