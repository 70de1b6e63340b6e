//go:build arm64 && !purego && !noasm

package kernels

// axpyNEON computes y += alpha*x over len(x) elements; len(y) >= len(x).
//
//	for i, v := range x {
//		y[i] += alpha * v
//	}
//
// 16 elements per iteration (four independent FMLA chains), then 4 at a
// time, then at most 3 scalar FMADDs: nothing past len(x) is read or
// written. Each y[i] = fma(alpha, x[i], y[i]), one rounding.
//
// Main loop, per 16 elements: 2 LD1 (4 registers each), 4 FMLA, 1 ST1
// (4 registers), SUBS, B.PL = 9 instructions (0.56 per element). On a
// 4-wide core with two FMA pipes, two 128-bit loads and one to two 128-bit
// stores per cycle (Neoverse N2/V1, Apple M) the bound is memory access:
// 8 register loads = 4 cycles per 16 elements (4 elements per cycle), or
// the 4 register stores on a core that retires one store per cycle; the
// FMAs need 2 cycles, issue 2.25.
//
//go:noescape
func axpyNEON(alpha float32, x, y []float32)

// scaleNEON computes x *= alpha.
//
//	for i := range x {
//		x[i] *= alpha
//	}
//
// 16 elements per iteration with FMUL by element (a WORD), then 4 at a
// time, then at most 3 scalar FMULs.
//
// Main loop, per 16 elements: 1 LD1, 4 FMUL, 1 ST1, SUBS, B.PL = 8
// instructions (0.5 per element). Bound on a 4-wide core with two FP pipes:
// 4 register loads (2 cycles) and 4 register stores (2 to 4 cycles) per 16
// elements, so 4 to 8 elements per cycle from L1; the FMULs need 2 cycles.
//
//go:noescape
func scaleNEON(alpha float32, x []float32)

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
