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
