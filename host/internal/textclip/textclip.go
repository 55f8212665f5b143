// Package textclip shortens text that came from outside (a request, a
// file) before a message quotes it, so a hostile input cannot make an
// error as large as itself.
//
// Start with Clip; ClipSized also says how long the text was.
package textclip

import (
	"strconv"
	"unicode/utf8"
)

// Clip returns s cut to at most max bytes on a character boundary, with
// "..." appended when it was cut.
func Clip(s string, max int) string {
	if len(s) <= max {
		return s
	}
	return prefix(s, max) + "..."
}

// ClipSized is Clip that also gives the original length: "... (N bytes)".
func ClipSized(s string, max int) string {
	if len(s) <= max {
		return s
	}
	return prefix(s, max) + "... (" + strconv.Itoa(len(s)) + " bytes)"
}

// prefix returns the longest prefix of s of at most max bytes that does
// not split a character.
func prefix(s string, max int) string {
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut]
}
