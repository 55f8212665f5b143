package redisstore

import (
	"context"
	"errors"
	"strings"

	"github.com/redis/go-redis/v9"

	"github.com/quiverfs/quiver/sdk/redact"
	"github.com/quiverfs/quiver/sdk/storeerr"
)

// unavailablePrefixes are server replies that mean "not now" rather than "wrong".
var unavailablePrefixes = []string{"LOADING", "MASTERDOWN", "CLUSTERDOWN", "TRYAGAIN", "READONLY",
	"NOAUTH", "WRONGPASS", "BUSY", "NOREPLICAS"}

// storeError turns a Redis client error into a storeerr error naming the
// store and what was being done. Connection failures, timeouts and replies
// meaning the server cannot serve now are Unavailable; other server replies
// are Internal. Both are marked downstream. The client's message goes
// through redact.String.
func storeError(where string, what string, err error) error {
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
	var reply redis.Error
	if errors.As(err, &reply) && !isUnavailableReply(reply.Error()) {
		return storeerr.Internal("%s: %s: %s", where, what, msg).Downstream()
	}
	return storeerr.Unavailable("%s is unavailable: %s: %s", where, what, msg).Downstream()
}

func isUnavailableReply(msg string) bool {
	for _, p := range unavailablePrefixes {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}

// isNoScript reports whether err says the server lacks the script.
func isNoScript(err error) bool {
	return err != nil && strings.HasPrefix(err.Error(), "NOSCRIPT")
}
