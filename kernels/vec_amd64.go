//go:build amd64 && !purego && !noasm

package kernels

// axpyAVX2 computes y += alpha*x over len(x) elements; len(y) >= len(x).
//
//	for i, v := range x {
//		y[i] += alpha * v
//	}
//
// Each element is one fused multiply-add (a single rounding, at least as
// accurate as the Go loop's two). 32 elements per iteration, then 8. For
// n >= 8 the last 8 elements are computed from the original y before the
// loop and stored last, overlapping the loop's final vector, so no masked
// store is needed; only n < 8 uses masked loads and a masked store.
//
//go:noescape
func axpyAVX2(alpha float32, x, y []float32)

// scaleAVX2 computes x *= alpha.
//
//	for i := range x {
//		x[i] *= alpha
//	}
//
// Tails as in axpyAVX2: an overlapping last vector computed from the
// original x for n >= 8, masked load and store for n < 8.
//
//go:noescape
func scaleAVX2(alpha float32, x []float32)
