package cassandrastore

import (
	"context"
	"errors"

	gocql "github.com/apache/cassandra-gocql-driver/v2"

	"github.com/quiverfs/quiver/sdk/redact"
	"github.com/quiverfs/quiver/sdk/storeerr"
)

// storeError turns a driver error into a storeerr error naming the store
// and what was being done. Errors that mean "not now" (no node reachable,
// not enough replicas, timeouts, overload, a canceled request) are
// Unavailable; a statement the server refuses as invalid is
// InvalidArgument; anything else is Internal. All are marked downstream.
// The driver's message goes through redact.String.
func storeError(where, what string, err error) error {
	if err == nil {
		return nil
	}
	var e *storeerr.Error
	if errors.As(err, &e) {
		return err
	}
	if errors.Is(err, context.Canceled) {
		return storeerr.Unavailable("%s: %s: request canceled", where, what).Downstream()
	}
	msg := redact.Error(err)
	var re gocql.RequestError
	if errors.As(err, &re) {
		switch re.Code() {
		case gocql.ErrCodeInvalid, gocql.ErrCodeSyntax:
			return storeerr.InvalidArgument("%s: %s: %s", where, what, msg).Downstream()
		case gocql.ErrCodeUnavailable, gocql.ErrCodeOverloaded, gocql.ErrCodeBootstrapping, gocql.ErrCodeWriteTimeout,
			gocql.ErrCodeReadTimeout, gocql.ErrCodeCredentials, gocql.ErrCodeTruncate:
			return storeerr.Unavailable("%s is unavailable: %s: %s", where, what, msg).Downstream()
		default:
			return storeerr.Internal("%s: %s: %s", where, what, msg).Downstream()
		}
	}
	return storeerr.Unavailable("%s is unavailable: %s: %s", where, what, msg).Downstream()
}
