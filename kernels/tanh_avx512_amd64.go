//go:build amd64 && !purego && !noasm

package kernels

// tanhAVX512 computes dst[i] = tanh(src[i]) for len(src) elements; len(dst)
// >= len(src), and dst is src or does not overlap it.
//
//	for i, v := range src {
//		dst[i] = tanh32(v)
//	}
//
// Both of tanh32's branches are computed on sixteen lanes and the exp
// branch merged under a mask (TANH16 in elem_avx512_amd64.h); two vectors
// per iteration, the last n%16 elements with a masked load and store.
//
//go:noescape
func tanhAVX512(dst, src []float32)

// tanhBackwardAVX512 is tanhBackwardGeneric for len(dst) elements (y and
// dy at least as long; dst is y, dy, or overlaps neither):
//
//	for i := range dst {
//		dst[i] = dy[i] * fma32(-y[i], y[i], 1)
//	}
//
// Four vectors of sixteen per iteration, the last n%16 elements with
// masked loads and a masked store.
//
//go:noescape
func tanhBackwardAVX512(dst, y, dy []float32)
