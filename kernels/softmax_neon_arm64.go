//go:build arm64 && !purego && !noasm

package kernels

import "math"

// softmax_neon_arm64.s holds softmax's two passes, max and
// expShiftSum (Softmax and SoftmaxCrossEntropy compose them with scale, in
// elementwise.go).

// maxNEON returns the largest element of x (len(x) >= 1), or NaN if any
// element is NaN (FMAX propagates NaN), as maxGeneric does; the sign of a
// zero result may differ, which no caller can observe (x - m is the same).
//
//	m := x[0]
//	for _, v := range x[1:] {
//		if v > m || v != v {
//			m = v
//		}
//	}
//	return m
//
// Main loop, per 16 elements: 1 LD1 (4 registers), 4 FMAX, SUBS, B.PL = 7
// instructions (0.44 per element); bound on a 4-wide core with two FP pipes
// and two 128-bit loads per cycle: 2 cycles per 16 elements (8 per cycle).
//
//go:noescape
func maxNEON(x []float32) float32

// expShiftSumNEONLen8 sets dst[i] = exp32(src[i] - m) and returns their sum,
// accumulated in 8 lanes in exactly the order of expShiftSumGeneric (two
// 4-lane registers; the last n%8 elements via the overlapping last 8, saved
// before dst is written, with a mask from expSumMask), so it returns the
// same bits. len(src) must be >= 8 (expShiftSumNEON pads shorter
// inputs); len(dst) >= len(src); dst may be src.
//
//	for i := range src {
//		e := exp32(src[i] - m)
//		dst[i] = e
//		acc[lane(i)] += e
//	}
//	return reduce8(&acc)
//
// Per 8 elements: twice (LD1, FSUB, the 29 vector ops of expNEON's body,
// ST1, FADD into the lane sums, and 4-6 instructions to jump to the shared
// body and back), plus 3 for the block loop: about 77 instructions, 9.6 per
// element. Bound as expNEON's: the vector pipes, ~31 ops per 4 elements,
// about 15.5 cycles per 4 on a 2-pipe core (Neoverse N2), issue (~10
// cycles per 4) with four pipes (Neoverse V1, Apple M).
//
//go:noescape
func expShiftSumNEONLen8(dst, src []float32, m float32) float32

// expSumMask holds eight zero lanes and then eight all-ones lanes: the
// eight int32 at index r have lanes j >= 8-r set, the new lanes of the
// overlapping last vector when n%8 = r.
var expSumMask = [16]int32{8: -1, 9: -1, 10: -1, 11: -1, 12: -1, 13: -1, 14: -1, 15: -1}

// expShiftSumNEON is expShiftSumNEONLen8 for any length: fewer than 8
// elements are padded to 8 with -Inf, whose terms are exactly 0, so element
// i still goes to lane i and the other lanes add +0, as in the twin.
func expShiftSumNEON(dst, src []float32, m float32) float32 {
	if len(src) >= 8 {
		return expShiftSumNEONLen8(dst, src, m)
	}
	var buf [8]float32
	for i := range buf {
		buf[i] = float32(math.Inf(-1))
	}
	copy(buf[:], src)
	s := expShiftSumNEONLen8(buf[:], buf[:], m)
	copy(dst, buf[:len(src)])
	return s
}
