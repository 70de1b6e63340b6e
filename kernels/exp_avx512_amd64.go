//go:build amd64 && !purego && !noasm

package kernels

// expAVX512 computes dst[i] = e^src[i] for len(src) elements; len(dst) >=
// len(src), and dst is src or does not overlap it.
//
//	for i, v := range src {
//		dst[i] = exp32(v)
//	}
//
// Sixteen lanes at a time by one branch-free sequence that returns exp32's
// bits for every input (EXP16 in elem_avx512_amd64.h); four vectors per
// iteration, the last n%16 elements with a masked load and store.
//
//go:noescape
func expAVX512(dst, src []float32)
