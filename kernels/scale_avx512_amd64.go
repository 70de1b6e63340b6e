//go:build amd64 && !purego && !noasm

package kernels

// scaleAVX512 computes x *= alpha.
//
//	for i := range x {
//		x[i] *= alpha
//	}
//
// Structure as in axpyAVX512: 512-bit vectors, 64 elements per iteration
// after a masked head that aligns x to 64 bytes (n >= 64), then 16, then a
// masked tail of at most 16.
//
//go:noescape
func scaleAVX512(alpha float32, x []float32)
