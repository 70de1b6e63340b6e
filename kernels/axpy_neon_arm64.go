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
