//go:build amd64 && !purego && !noasm

package kernels

// sumSquaresAVX512 returns sum x[i]*x[i], within the float32 summation
// bound of the sequential sum, not bit-identical to it:
//
//	var s float32
//	for _, v := range x {
//		s = fma32(v, v, s)
//	}
//	return s
//
// It is dotAVX512 with one stream: eight 16-lane FMA accumulators (two
// 64-byte loads and two FMAs per cycle need eight chains of latency four),
// a masked head that aligns x to 64 bytes for n >= 256, and masked tails.
//
//go:noescape
func sumSquaresAVX512(x []float32) float32
