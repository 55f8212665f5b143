package service

import (
	"context"
	"errors"
	"path"
	"regexp"

	"github.com/quiverfs/quiver/host/internal/apierr"
	"github.com/quiverfs/quiver/host/internal/textclip"
	"github.com/quiverfs/quiver/sdk/storeerr"
)

// Code classifies an error for the transports: HTTP maps it to a status
// code and gRPC to a status code, each in one place.
type Code string

// The error codes, as they appear in JSON error bodies.
const (
	CodeInvalid       Code = "invalid_argument"
	CodeNotFound      Code = "not_found"
	CodeTooLarge      Code = "payload_too_large"
	CodeMediaType     Code = "unsupported_media_type"
	CodeForbidden     Code = "permission_denied"
	CodeUnauthorized  Code = "unauthenticated"
	CodeConflict      Code = "conflict"
	CodeUnavailable   Code = "unavailable"
	CodeUnimplemented Code = "unimplemented"
	CodeCanceled      Code = "canceled"
	CodeInternal      Code = "internal"
)

// Classify returns the code of err and the message to show the caller.
// Messages of server-side failures name no server file: absolute paths
// (a plugin binary's, a database file's) are cut to their last element.
//
// A message longer than MaxMessageBytes (one quoting a huge name from the
// request) is cut there.
func Classify(err error) (Code, string) {
	code, msg := classify(err)
	switch code {
	case CodeInvalid, CodeNotFound, CodeTooLarge, CodeForbidden, CodeUnauthorized, CodeMediaType, CodeConflict:
	default:
		msg = hidePaths(msg)
	}
	return code, textclip.ClipSized(msg, MaxMessageBytes)
}

// MaxMessageBytes is the longest error message sent to a caller.
const MaxMessageBytes = 2048

// absPath matches an absolute path of two or more elements.
var absPath = regexp.MustCompile(`(?:/[^/\s:;,'"()\[\]{}<>]+){2,}`)

// hidePaths replaces each absolute path in msg by its last element.
func hidePaths(msg string) string {
	return absPath.ReplaceAllStringFunc(msg, func(p string) string { return path.Base(p) })
}

func classify(err error) (Code, string) {
	if e, ok := apierr.As(err); ok {
		switch e.Kind {
		case apierr.KindInvalid:
			return CodeInvalid, e.Message
		case apierr.KindNotFound:
			return CodeNotFound, e.Message
		case apierr.KindTooLarge:
			return CodeTooLarge, e.Message
		case apierr.KindForbidden:
			return CodeForbidden, e.Message
		case apierr.KindUnauthenticated:
			return CodeUnauthorized, e.Message
		case apierr.KindUnsupportedMediaType:
			return CodeMediaType, e.Message
		case apierr.KindConflict:
			return CodeConflict, e.Message
		}
	}
	msg := err.Error()
	switch {
	case errors.Is(err, storeerr.ErrUnavailable):
		return CodeUnavailable, msg
	case errors.Is(err, storeerr.ErrInvalidArgument):
		return CodeInvalid, msg
	case errors.Is(err, storeerr.ErrNotFound):
		return CodeNotFound, msg
	case errors.Is(err, storeerr.ErrUnsupported):
		return CodeUnimplemented, msg
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return CodeCanceled, msg
	}
	return CodeInternal, msg
}
