//go:build amd64 && !purego && !noasm

package kernels

// dotAVX512 returns sum_i x[i]*y[i] over len(x) elements; len(y) >= len(x).
//
//	var s float32
//	for i, v := range x {
//		s += v * y[i]
//	}
//	return s
//
// 512-bit vectors: eight 16-lane accumulators (128 elements per
// iteration), then one 64-element block, up to three 16-element vectors
// and a masked tail of fewer than 16 elements; n <= 16 is one masked
// vector. For n >= 256 a masked head of k < 16 elements first brings x to
// a 64-byte boundary, since every misaligned 64-byte load splits a cache
// line.
//
//go:noescape
func dotAVX512(x, y []float32) float32
