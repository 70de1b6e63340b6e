//go:build amd64 && !purego && !noasm

package kernels

// maxAVX2 returns the largest element of x, len(x) >= 8 (the loop reads
// the last eight elements as one overlapping vector). A NaN may or may not
// be returned; softmax does not depend on it (see elementwise_generic.go).
//
//	m := x[0]
//	for _, v := range x[1:] {
//		m = max(m, v)
//	}
//
//go:noescape
func maxAVX2(x []float32) float32

// expShiftSumAVX2 sets dst[i] = exp32(src[i] - m) for len(src) elements and
// returns their sum, accumulated in eight lanes in the order that
// expShiftSumGeneric specifies (so both return the same bits); dst is src or
// does not overlap it.
//
//go:noescape
func expShiftSumAVX2(dst, src []float32, m float32) float32

// softmaxScaleAVX2 computes x[i] *= alpha (one rounding, like scaleGeneric).
//
//go:noescape
func softmaxScaleAVX2(alpha float32, x []float32)

func maxOf(x []float32) float32 {
	if len(x) < 8 {
		return maxGeneric(x)
	}
	return maxAVX2(x)
}

// softmaxAVX2 runs the three passes of softmaxGeneric with vector kernels.
func softmaxAVX2(dst, src []float32) {
	m := maxOf(src)
	s := expShiftSumAVX2(dst, src, m)
	softmaxScaleAVX2(1/s, dst)
}

// softmaxXentAVX2 is softmaxXentGeneric with vector kernels.
func softmaxXentAVX2(grad, logits []float32, target int) float32 {
	m := maxOf(logits)
	lt := logits[target] - m
	s := expShiftSumAVX2(grad, logits, m)
	softmaxScaleAVX2(1/s, grad)
	grad[target] -= 1
	return xentLoss(s, lt)
}
