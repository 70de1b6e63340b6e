//go:build amd64 && !purego && !noasm

package kernels

// sumSquaresAVX2 returns sum x[i]*x[i] with four 8-lane FMA accumulators
// (32 elements per iteration), like dotAVX2: within the float32 summation
// bound of the sequential sum, not bit-identical to it:
//
//	var s float32
//	for _, v := range x {
//		s = fma32(v, v, s)
//	}
//	return s
//
// A tail of fewer than 8 elements is a masked load.
//
//go:noescape
func sumSquaresAVX2(x []float32) float32
