//go:build arm64 && !purego && !noasm

package kernels

// dotNEON returns sum_i x[i]*y[i] over len(x) elements; len(y) >= len(x).
//
//	var s float32
//	for i, v := range x {
//		s += v * y[i]
//	}
//	return s
//
// Eight 4-lane accumulators (32 elements per iteration) hide the 4-cycle
// FMLA latency of two FMA pipes; 4 elements at a time after that, then at
// most 3 scalar FMADDs, so nothing past len(x) is read.
//
// Main loop, per 32 elements: 4 LD1 (4 registers each), 8 FMLA, SUBS, B.PL
// = 14 instructions (0.44 per element). On a 4-wide core with two 128-bit
// FMA pipes and two 128-bit loads per cycle (Neoverse N2/V1, Apple M) the
// bound is the 16 register loads: 8 cycles per 32 elements, 4 elements
// (8 flops) per cycle from L1; the FMAs need 4 cycles, issue 3.5.
//
//go:noescape
func dotNEON(x, y []float32) float32
