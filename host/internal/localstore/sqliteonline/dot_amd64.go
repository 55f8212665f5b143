package sqliteonline

import "golang.org/x/sys/cpu"

// haveSIMD tells whether dotSIMD may run: it needs AVX2 and FMA.
var haveSIMD = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// dotSIMD returns the dot product of the n floats at a and b; n is a
// positive multiple of 8. Implemented in dot_amd64.s.
//
//go:noescape
func dotSIMD(a, b *float32, n int) float32
