//go:build arm64 && !purego && !noasm

package kernels

// sigmoidNEON computes dst[i] = sigmoid32(src[i]) for i < len(src), with
// the algorithm of sigmoidGeneric operation for operation, so it returns
// the same bits; len(dst) >= len(src), dst may be src itself.
//
//	for i, v := range src {
//		dst[i] = sigmoid32(v)
//	}
//
// SIGMOID4 (elem_neon_arm64.h) computes both of sigmoid32's results and
// selects them by the sign bit. Four elements per iteration; the last 1..3
// are loaded and stored one lane at a time, so nothing past either slice
// is touched.
//
//go:noescape
func sigmoidNEON(dst, src []float32)
