//go:build arm64 && !purego && !noasm

package kernels

// tanhBackwardNEON computes dst[i] = dy[i] * fma(-y[i], y[i], 1) for
// i < len(dst), as tanhBackwardGeneric does (FMLS gives 1 - y*y rounded
// once); len(y), len(dy) >= len(dst), and dst may be y or dy itself.
//
//	for i := range dst {
//		dst[i] = dy[i] * fma32(-y[i], y[i], 1)
//	}
//
// 8 elements per iteration, then 4, then at most 3 scalar FMSUB/FMUL.
//
// Main loop, per 8 elements: 2 LD1 (2 registers each), 2 MOV, 2 FMLS,
// 2 FMUL, 1 ST1, SUBS, B.PL = 11 instructions (1.4 per element). On a
// 4-wide core with two FP pipes and two 128-bit loads per cycle (Neoverse
// N2/V1, Apple M) the bound is issue, ~2.75 cycles per 8 elements (about 3
// elements per cycle); the 4 loads need 2 cycles, the 4 FP ops 2.
//
//go:noescape
func tanhBackwardNEON(dst, y, dy []float32)

// clipNEON limits every x[i] to [-c, c] (c >= 0): x = min(max(x, -c), c)
// with FMAX/FMIN, which return NaN for a NaN x, as clipGeneric does.
//
//	for i, v := range x {
//		if v > c {
//			x[i] = c
//		} else if v < -c {
//			x[i] = -c
//		}
//	}
//
// Main loop, per 8 elements: 1 LD1, 2 FMAX, 2 FMIN, 1 ST1, SUBS, B.PL = 8
// instructions (1 per element); bound on a 4-wide, 2-FP-pipe core: 2
// cycles per 8 elements (issue and the FP pipes alike), 4 elements per cycle.
//
//go:noescape
func clipNEON(x []float32, c float32)

// sumSquaresNEON returns sum_i x[i]*x[i], accumulated in 32 lanes (eight
// FMLA accumulators) and then at most 3 scalar FMADDs: within the float32
// summation bound of the generic twin's result.
//
//	var s float32
//	for _, v := range x {
//		s = fma32(v, v, s)
//	}
//	return s
//
// Main loop, per 32 elements: 2 LD1 (4 registers each), 8 FMLA, SUBS, B.PL
// = 12 instructions (0.375 per element); bound on a 4-wide core with two
// FMA pipes: the 8 FMLAs, 4 cycles per 32 elements (8 elements per cycle);
// the 8 register loads need 4 cycles too, issue 3.
//
//go:noescape
func sumSquaresNEON(x []float32) float32
