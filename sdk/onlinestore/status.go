package onlinestore

import "time"

// Status says what a value read from a store is, as Feast names it.
type Status string

// The statuses.
const (
	StatusPresent       Status = "PRESENT"
	StatusNullValue     Status = "NULL_VALUE"
	StatusNotFound      Status = "NOT_FOUND"
	StatusOutsideMaxAge Status = "OUTSIDE_MAX_AGE"
)

// ValueStatus returns the status of feature i of a read row, applying the
// view's ttl at read time: a row whose event time is before now - ttl is
// OUTSIDE_MAX_AGE (ttl 0 never expires).
func ValueStatus(row ReadRow, i int, ttl time.Duration, now time.Time) Status {
	switch {
	case !row.Found:
		return StatusNotFound
	case ttl > 0 && row.EventTimestamp.Before(now.Add(-ttl)):
		return StatusOutsideMaxAge
	case i >= len(row.Values) || row.Values[i].IsNull():
		return StatusNullValue
	}
	return StatusPresent
}
