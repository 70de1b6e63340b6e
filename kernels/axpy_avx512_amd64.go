//go:build amd64 && !purego && !noasm

package kernels

// axpyAVX512 computes y += alpha*x over len(x) elements; len(y) >= len(x).
//
//	for i, v := range x {
//		y[i] += alpha * v
//	}
//
// Each element is one fused multiply-add, as in axpyAVX2. 512-bit vectors,
// 64 elements per iteration, then 16, then a masked tail of at most 16
// (n <= 16 is the tail alone). For n >= 64 a masked head of k < 16 elements
// first brings y to a 64-byte boundary, so that no store splits a cache
// line. Every element is loaded, updated and stored once, in order, so
// Axpy(alpha, x, x) is exact too.
//
//go:noescape
func axpyAVX512(alpha float32, x, y []float32)
