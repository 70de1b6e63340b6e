//go:build arm64 && !purego && !noasm

package kernels

// tanhNEON computes dst[i] = tanh32(src[i]) for i < len(src), with the
// algorithm of tanhGeneric operation for operation, so it returns the same
// bits: both branches (the odd polynomial for |x| < 0.625, and
// 1 - 2/(e^(2|x|)+1) with e^(2|x|) from expReduce) are computed for every
// lane and selected with FCMGT and BIT, then x's sign bit is ORed back in.
// len(dst) >= len(src); dst may be src itself.
//
//	for i, v := range src {
//		dst[i] = tanh32(v)
//	}
//
// Four elements per iteration; the last 1..3 are loaded and stored one
// lane at a time, so nothing past either slice is touched.
//
// Loop, per 4 elements: 1 LD1, FABS, AND, 3 FMUL, 13 FMLA, 11 register
// MOV, FMIN, 2 FADD, 2 FSUB, FDIV, FCMGT, BIT, ORR, integer SUB and SHL,
// 1 ST1, 3 branch/loop = 45 instructions, 11 per element. On a 4-wide core
// with two 128-bit FP/SIMD pipes (Neoverse N2) the ~40 vector ops bound it
// at about 20 cycles per 4 elements (0.2 elements per cycle; about twice
// that with four pipes, Neoverse V1 and Apple M), unless the FDIV unit is
// slower: one 4-lane FDIV per 4 elements must issue every ~10 cycles or
// better (Neoverse N2/V1: about 5-7 cycles for .4s), so it is not the bound.
//
//go:noescape
func tanhNEON(dst, src []float32)
