//go:build amd64 && !purego && !noasm

package kernels

// sigmoidAVX512 computes dst[i] = sigmoid(src[i]) for len(src) elements;
// len(dst) >= len(src), and dst is src or does not overlap it.
//
//	for i, v := range src {
//		dst[i] = sigmoid32(v)
//	}
//
// Sixteen lanes at a time by one branch-free sequence that returns
// sigmoid32's bits for every input (SIGMOID16 in elem_avx512_amd64.h), two
// vectors per iteration; then sixteen at a time, and the last n%16
// elements with a masked load and store.
//
//go:noescape
func sigmoidAVX512(dst, src []float32)
