// Package feasterr names Quiver's errors as Feast's client expects them:
// the class in feast.errors that Feast's own servers raise for the same
// failure, and the JSON detail ({"module", "class", "message"}) from which
// Feast's SDK rebuilds that exception, over HTTP and over Arrow Flight.
package feasterr
