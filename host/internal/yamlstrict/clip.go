package yamlstrict

import "github.com/quiverfs/quiver/host/internal/textclip"

// MaxMessage bounds a problem's message in bytes: a hostile file's keys and
// values are echoed in messages, but not at any length.
const MaxMessage = 400

// Clip cuts msg to MaxMessage bytes on a rune boundary, saying how long it
// was.
func Clip(msg string) string { return textclip.ClipSized(msg, MaxMessage) }
