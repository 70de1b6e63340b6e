//go:build amd64 && !purego && !noasm

package kernels

// softmax_avx2_amd64.s holds softmax's two passes, max and
// expShiftSum (Softmax and SoftmaxCrossEntropy compose them with scale, in
// elementwise.go).

// maxAVX2Len8 returns the largest element of x, len(x) >= 8 (the loop reads
// the last eight elements as one overlapping vector). A NaN may or may not
// be returned; softmax does not depend on it (see elementwise_generic.go).
//
//	m := x[0]
//	for _, v := range x[1:] {
//		m = max(m, v)
//	}
//
//go:noescape
func maxAVX2Len8(x []float32) float32

// expShiftSumAVX2 sets dst[i] = exp32(src[i] - m) for len(src) elements and
// returns their sum, accumulated in eight lanes in the order that
// expShiftSumGeneric specifies (so both return the same bits); dst is src or
// does not overlap it.
//
//go:noescape
func expShiftSumAVX2(dst, src []float32, m float32) float32

// maxAVX2 is maxAVX2Len8 for any len(x) >= 1.
func maxAVX2(x []float32) float32 {
	if len(x) < 8 {
		return maxGeneric(x)
	}
	return maxAVX2Len8(x)
}
