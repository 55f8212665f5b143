package bqstore

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"cloud.google.com/go/bigquery"
	"github.com/googleapis/gax-go/v2/apierror"
	"google.golang.org/api/googleapi"
	"google.golang.org/grpc/codes"

	"github.com/quiverfs/quiver/sdk/redact"
	"github.com/quiverfs/quiver/sdk/storeerr"
)

// bqError turns a BigQuery client error into a storeerr error saying what
// was being done: a refused request (bad SQL, a bad schema, a quota such
// as maximum_bytes_billed) is InvalidArgument, a missing table NotFound,
// denied access, timeouts, overload and transport failures Unavailable,
// anything else Internal. All are marked downstream; messages go through
// redact.String.
func bqError(what string, err error) error {
	if err == nil {
		return nil
	}
	var e *storeerr.Error
	if errors.As(err, &e) {
		return err
	}
	where := "bigquery offline store: " + what
	if errors.Is(err, context.Canceled) {
		return storeerr.Unavailable("%s: request canceled", where).Downstream()
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return storeerr.Unavailable("%s: timed out (query_timeout)", where).Downstream()
	}
	msg := redact.String(strings.TrimSpace(err.Error()))
	var je *bigquery.Error
	if errors.As(err, &je) {
		switch je.Reason {
		case "notFound":
			return storeerr.NotFound("%s: %s", where, msg).Downstream()
		case "invalid", "invalidQuery", "duplicate", "bytesBilledLimitExceeded", "billingTierLimitExceeded", "resourcesExceeded":
			return storeerr.InvalidArgument("%s: %s", where, msg).Downstream()
		}
		return storeerr.Unavailable("%s: %s", where, msg).Downstream()
	}
	var ge *googleapi.Error
	if errors.As(err, &ge) {
		switch {
		case ge.Code == http.StatusNotFound:
			return storeerr.NotFound("%s: %s", where, msg).Downstream()
		case ge.Code == http.StatusBadRequest:
			return storeerr.InvalidArgument("%s: %s", where, msg).Downstream()
		case ge.Code == http.StatusConflict:
			return storeerr.InvalidArgument("%s: %s", where, msg).Downstream()
		case ge.Code == http.StatusForbidden && hasReason(ge, "quotaExceeded", "bytesBilledLimitExceeded", "billingTierLimitExceeded"):
			return storeerr.InvalidArgument("%s: %s", where, msg).Downstream()
		case ge.Code == http.StatusUnauthorized, ge.Code == http.StatusForbidden,
			ge.Code == http.StatusTooManyRequests, ge.Code >= 500:
			return storeerr.Unavailable("%s: %s", where, msg).Downstream()
		}
		return storeerr.Internal("%s: %s", where, msg).Downstream()
	}
	var ae *apierror.APIError
	if errors.As(err, &ae) {
		switch ae.GRPCStatus().Code() {
		case codes.NotFound:
			return storeerr.NotFound("%s: %s", where, msg).Downstream()
		case codes.InvalidArgument, codes.FailedPrecondition, codes.OutOfRange:
			return storeerr.InvalidArgument("%s: %s", where, msg).Downstream()
		}
	}
	return storeerr.Unavailable("%s: %s", where, msg).Downstream()
}

// hasReason reports whether a REST error carries one of the reasons.
func hasReason(ge *googleapi.Error, reasons ...string) bool {
	for _, item := range ge.Errors {
		for _, r := range reasons {
			if item.Reason == r {
				return true
			}
		}
	}
	return false
}

// isNotFound reports whether err is a REST 404.
func isNotFound(err error) bool {
	var ge *googleapi.Error
	return errors.As(err, &ge) && ge.Code == http.StatusNotFound
}

// isAlreadyExists reports whether err is a REST 409.
func isAlreadyExists(err error) bool {
	var ge *googleapi.Error
	return errors.As(err, &ge) && ge.Code == http.StatusConflict
}
