//go:build arm64 && !purego && !noasm

package kernels

// gerNEON computes W += alpha * x * y^T for the len(x) x len(y) row-major
// matrix w; len(w) >= len(x)*len(y).
//
//	n := len(y)
//	for i, xi := range x {
//		a := alpha * xi
//		for j, v := range y {
//			w[i*n+j] += a * v
//		}
//	}
//
// Each row is an Axpy with a = alpha*x[i] rounded to float32 first, as in
// the generic twin: 16 elements per iteration, then 4, then at most 3 scalar.
//
// Main loop, per 16 elements of W: 2 LD1 (y and the row of W, 4 registers
// each), 4 FMLA, 1 ST1, SUBS, B.PL = 9 instructions (0.56 per element);
// the bound is the same as Axpy's: 8 register loads and 4 stores per 16
// elements, 4 elements per cycle from L1, and W's traffic (8 bytes per
// element) beyond it.
//
//go:noescape
func gerNEON(w []float32, alpha float32, x, y []float32)
