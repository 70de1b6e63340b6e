//go:build amd64 && !purego && !noasm

package kernels

// expAVX2 computes dst[i] = e^src[i] for len(src) elements; len(dst) >=
// len(src), and dst is src or does not overlap it.
//
//	for i, v := range src {
//		dst[i] = exp32(v)
//	}
//
// Eight lanes at a time (EXP8 in elem_avx2_amd64.h); the tail is handled as in
// tanhAVX2.
//
//go:noescape
func expAVX2(dst, src []float32)
