package yamlstrict

import (
	"strconv"
	"unicode/utf8"
)

// MaxMessage bounds a problem's message in bytes: a hostile file's keys and
// values are echoed in messages, but not at any length.
const MaxMessage = 400

// Clip cuts msg to MaxMessage bytes on a rune boundary, saying how long it
// was.
func Clip(msg string) string {
	if len(msg) <= MaxMessage {
		return msg
	}
	cut := MaxMessage
	for cut > 0 && !utf8.RuneStart(msg[cut]) {
		cut--
	}
	return msg[:cut] + "... (" + strconv.Itoa(len(msg)) + " bytes)"
}
