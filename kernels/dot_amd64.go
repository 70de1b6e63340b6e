//go:build amd64 && !purego && !noasm

package kernels

// dotAVX2 returns sum_i x[i]*y[i] over len(x) elements; len(y) >= len(x).
//
//	var s float32
//	for i, v := range x {
//		s += v * y[i]
//	}
//	return s
//
// Four 8-lane accumulators (32 elements per iteration) hide FMA latency; a
// tail of fewer than 8 elements is a masked load.
//
//go:noescape
func dotAVX2(x, y []float32) float32
