// Package redact hides credentials in text that is about to reach a user or
// a log: error messages of stores and plugins, above all.
//
// Start with String. It is a safety net, not a licence: code that knows it
// holds a secret should leave it out of messages in the first place.
package redact
