//go:build arm64 && !purego && !noasm

package kernels

// tanhNEON computes dst[i] = tanh32(src[i]) for i < len(src), with the
// algorithm of tanhGeneric operation for operation, so it returns the same
// bits: both branches (the odd polynomial for |x| < 0.625, and
// 1 - 2/(e^(2|x|)+1) with e^(2|x|) from expReduce, EXP_REDUCE and EXP_POLY
// in elem_neon_arm64.h) are computed for every lane and selected with FCMGT
// and BIT, then x's sign bit is ORed back in.
// len(dst) >= len(src); dst may be src itself.
//
//	for i, v := range src {
//		dst[i] = tanh32(v)
//	}
//
// Four elements per iteration; the last 1..3 are loaded and stored one
// lane at a time, so nothing past either slice is touched.
//
// Loop, per 4 elements: 1 LD1, FABS, AND, 3 FMUL, 14 FMLA, 12 register
// MOV, FMIN, 2 FADD, 2 FSUB, FDIV, FCMGT, BIT, ORR, integer SUB and SHL,
// 1 ST1 and 4 loop/branch = 48 instructions, 12 per element, 42 of them
// vector ALU ops. On a 4-wide core with two 128-bit FP/SIMD pipes
// (Neoverse N2) the pipes bound it at about 21 cycles per 4 elements (0.19
// elements per cycle); with four pipes (Neoverse V1, Apple M) issue bounds
// it at about 12 cycles (0.33 per cycle). The one 4-lane FDIV per
// iteration (issued every ~5-10 cycles on these cores' divide units,
// per their optimization guides) is not the bound.
//
//go:noescape
func tanhNEON(dst, src []float32)

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
