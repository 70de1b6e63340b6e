//go:build amd64 && !purego && !noasm

package kernels

// tanhAVX2 computes dst[i] = tanh(src[i]) for len(src) elements; len(dst)
// >= len(src), and dst is src or does not overlap it.
//
//	for i, v := range src {
//		dst[i] = tanh32(v)
//	}
//
// tanh32's two branches are both computed on eight lanes and selected per
// lane (TANH8 in elem_avx2_amd64.h). For n >= 8 the last eight elements are
// computed first, from src as it was, and stored after the main loop (an
// overlapping final vector instead of a slow masked store); n < 8 uses a
// masked load and store.
//
//go:noescape
func tanhAVX2(dst, src []float32)

// tanhBackwardAVX2 is tanhBackwardGeneric for len(dst) elements (y and dy
// at least as long; dst is y, dy, or overlaps neither):
//
//	for i := range dst {
//		dst[i] = dy[i] * fma32(-y[i], y[i], 1)
//	}
//
//go:noescape
func tanhBackwardAVX2(dst, y, dy []float32)
