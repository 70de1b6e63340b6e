//go:build arm64 && !purego && !noasm

package kernels

// expNEON computes dst[i] = exp32(src[i]) for i < len(src), with the
// algorithm of expGeneric operation for operation, so it returns the same
// bits; len(dst) >= len(src), dst may be src itself.
//
//	for i, v := range src {
//		dst[i] = exp32(v)
//	}
//
// Every lane takes exp32's general path (EXP4 in elem_neon_arm64.h: clamp
// to [expMin, expMax], reduction with expMag2, degree-6 polynomial by
// Horner with FMLA, scaling by 2^n in two exact halves). exp32 takes a fast path (one scaling by 2^n)
// when |x| <= 87; for those inputs the general path gives the same bits
// (the result is normal, so both round p*2^n once), which
// TestTanhExpSample and the exhaustive test check.
//
// Four elements per iteration; the last 1..3 are loaded and stored one
// lane at a time (LD1/ST1 single structure), so nothing past either slice is
// touched.
//
// Loop, per 4 elements: 1 LD1, FMAX, FMIN, 9 FMLA, 8 register MOV (the
// accumulator of each FMLA must first hold its constant), FSUB, 2 FMUL,
// 5 integer ops (SUB, SSHR, SUB, 2 ADD), 2 SHL, 1 ST1 and 4 loop/branch =
// 35 instructions, 8.75 per element, 29 of them vector ALU ops. On a
// 4-wide core with two 128-bit FP/SIMD pipes (Neoverse N2) the pipes bound
// it at about 14.5 cycles per 4 elements (0.28 elements per cycle); with
// four pipes (Neoverse V1, Apple M) issue bounds it at about 9 cycles (0.45
// per cycle), less where the core eliminates register MOVs at rename. The
// dependency chain (~17 FP ops, ~60 cycles) is overlapped across
// iterations by out-of-order execution.
//
//go:noescape
func expNEON(dst, src []float32)
