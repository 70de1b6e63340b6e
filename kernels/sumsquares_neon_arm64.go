//go:build arm64 && !purego && !noasm

package kernels

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
