//go:build !amd64

package sqliteonline

// haveSIMD is false: only amd64 has an assembly dot product.
const haveSIMD = false

// dotSIMD is never called without haveSIMD.
func dotSIMD(a, b *float32, n int) float32 {
	panic("sqliteonline: no SIMD dot product on this platform")
}
