//go:build amd64 && !purego && !noasm

package kernels

// clipAVX512 is clipGeneric: x[i] = min(max(x[i], -c), c), NaN kept, exact.
//
//	for i, v := range x {
//		if v > c {
//			x[i] = c
//		} else if v < -c {
//			x[i] = -c
//		}
//	}
//
// Structure as in scaleAVX512: 512-bit vectors, 64 elements per iteration
// after a masked head that aligns x to 64 bytes (n >= 64), then 16, then a
// masked tail of at most 16.
//
//go:noescape
func clipAVX512(x []float32, c float32)
