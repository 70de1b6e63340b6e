//go:build arm64 && !purego && !noasm

package kernels

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
