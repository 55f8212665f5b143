package sqliteonline

// dotF32 returns the dot product of a and b (len(b) >= len(a)): with AVX2
// and FMA where the CPU has them (dot_amd64.s), in portable Go otherwise
// and for the last len(a)%8 elements.
func dotF32(a, b []float32) float32 {
	b = b[:len(a)]
	var s float32
	n := 0
	if haveSIMD {
		if n = len(a) &^ 7; n > 0 {
			s = dotSIMD(&a[0], &b[0], n)
		}
	}
	return s + dotGo(a[n:], b[n:])
}

// dotGo is the portable dot product, with four accumulators so the loop
// pipelines.
func dotGo(a, b []float32) float32 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= len(a); i += 4 {
		aa, bb := a[i:i+4:i+4], b[i:i+4:i+4]
		s0 += aa[0] * bb[0]
		s1 += aa[1] * bb[1]
		s2 += aa[2] * bb[2]
		s3 += aa[3] * bb[3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return (s0 + s1) + (s2 + s3)
}
