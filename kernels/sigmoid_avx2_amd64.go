//go:build amd64 && !purego && !noasm

package kernels

// sigmoidAVX2 computes dst[i] = sigmoid(src[i]) for len(src) elements;
// len(dst) >= len(src), and dst is src or does not overlap it.
//
//	for i, v := range src {
//		dst[i] = sigmoid32(v)
//	}
//
// sigmoid32's two results (for x negative and not) are both computed on
// eight lanes and selected by the sign bit (SIGMOID8 in elem_avx2_amd64.h).
// For n >= 8 the last eight elements are computed first, from src as it
// was, and stored after the main loop; n < 8 uses a masked load and store.
//
//go:noescape
func sigmoidAVX2(dst, src []float32)
