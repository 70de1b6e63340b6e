//go:build arm64 && !purego && !noasm

package kernels

// matVecF16NEON computes y (+)= W x for the len(y) x len(x) row-major F16
// matrix w; len(y) >= 1, len(x) >= 1 and len(w) == len(y)*len(x) (the
// wrappers in half.go check and block).
//
//	n := len(x)
//	for i := range y {
//		var s float32
//		for j, v := range x {
//			s += F16ToF32(w[i*n+j]) * v
//		}
//		if add {
//			s += y[i]
//		}
//		y[i] = s
//	}
//
// matVecNEON's loop structure (four rows sharing each load of x, two 4-lane
// accumulators per row, 8 columns per step, then 4, then at most 3 scalar
// FMADDs per row) on 16-byte loads of eight weights, widened to float32 by
// FCVTL and FCVTL2 (ARMv8.0 Advanced SIMD); the scalar columns use FCVT.
//
//go:noescape
func matVecF16NEON(y []float32, w []F16, x []float32, add bool)

// matVecBF16NEON is matVecF16NEON for BF16 weights, widened by interleaving
// with zero halfwords (ZIP1/ZIP2), which puts each weight in the upper half
// of a 32-bit lane; the scalar columns shift by 16.
//
//	n := len(x)
//	for i := range y {
//		var s float32
//		for j, v := range x {
//			s += BF16ToF32(w[i*n+j]) * v
//		}
//		if add {
//			s += y[i]
//		}
//		y[i] = s
//	}
//
//go:noescape
func matVecBF16NEON(y []float32, w []BF16, x []float32, add bool)
