//go:build amd64 && !purego && !noasm

package kernels

// softmax_avx512_amd64.s holds softmax's two passes, max and
// expShiftSum (Softmax and SoftmaxCrossEntropy compose them with scale, in
// elementwise.go).

// maxAVX512 returns the largest element of x, len(x) >= 1; sixteen lanes at
// a time in four accumulators, the last len(x)%16 elements with a masked
// VMAXPS. A NaN may or may not be returned, as in maxAVX2; softmax does not
// depend on it (see elementwise_generic.go).
//
//	m := x[0]
//	for _, v := range x[1:] {
//		m = max(m, v)
//	}
//
//go:noescape
func maxAVX512(x []float32) float32

// expShiftSumAVX512 sets dst[i] = exp32(src[i] - m) for len(src) elements
// and returns their sum, accumulated in eight lanes in the order that
// expShiftSumGeneric specifies (so both return the same bits); dst is src
// or does not overlap it.
//
//	var acc [8]float32
//	for i := range src {
//		dst[i] = exp32(src[i] - m)
//		acc[lane(i)] += dst[i]   // lane(i) as in expShiftSumGeneric
//	}
//	return reduce8(&acc)
//
// Each sixteen-lane vector of results (EXP16X4 in elem_avx512_amd64.h, four
// vectors per iteration, then one at a time) is added to the eight-lane sum
// as its low half, then its high half: element i goes to lane i%8 in the
// order of i. Then one eight-lane vector if eight or more remain, and the
// last n%8 elements with a masked load and store, in lanes 8-n%8..7 of the
// last eight (or 0..n-1 if n < 8), the other lanes adding zero. The
// additions form one dependency chain of n/8 vector adds, as the order
// requires; the exponentials (512-bit, as in expAVX512) overlap with it.
//
//go:noescape
func expShiftSumAVX512(dst, src []float32, m float32) float32
