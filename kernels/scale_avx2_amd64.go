//go:build amd64 && !purego && !noasm

package kernels

// scaleAVX2 computes x *= alpha.
//
//	for i := range x {
//		x[i] *= alpha
//	}
//
// Head and tail as in axpyAVX2: overlapping first (n >= 32, x misaligned)
// and last (n >= 8) vectors computed from the original x and stored after
// the loops, which then store 32-byte aligned; masked load and store for
// n < 8.
//
//go:noescape
func scaleAVX2(alpha float32, x []float32)
