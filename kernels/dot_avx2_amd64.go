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
// Four 8-lane accumulators (32 elements per iteration) keep the two load
// ports busy: the loop is load-bound (16 flops per cycle at most), so eight
// accumulators measured no faster (Zen 3, n = 256..4096). For n >= 64 a
// masked head of k < 8 elements first brings x to a 32-byte boundary: with x
// and y equally misaligned every other load otherwise splits a cache line,
// and the head measured +40-50% at n = 1024..4096 on misaligned inputs,
// neutral on aligned ones. A tail of fewer than 8 elements is a masked load.
//
//go:noescape
func dotAVX2(x, y []float32) float32
