//go:build amd64 && !purego && !noasm

package kernels

// matVecF16AVX512 computes y (+)= W x for the len(y) x len(x) row-major
// F16 matrix w; len(y) >= 1, len(x) >= 1 and len(w) == len(y)*len(x) (the
// wrappers in half.go check and block).
//
//	n := len(x)
//	for i := range y {
//		var s float32
//		for j, v := range x {
//			s += F16ToF32(w[i*n+j]) * v
//		}
//		if add {
//			s += y[i]
//		}
//		y[i] = s
//	}
//
// Four rows at a time share each load of x, two 16-lane accumulators per
// row (32 columns per step); VCVTPH2PS converts sixteen weights per
// instruction. In calls of 2^17 weights or more, each step prefetches the
// same columns of the next four rows, as the avx2 kernel does. The last n%16 columns are loaded under an opmask (the
// weights as 16-bit elements, VMOVDQU16, then converted), so nothing is
// read outside the slices.
//
//go:noescape
func matVecF16AVX512(y []float32, w []F16, x []float32, add bool)

// matVecBF16AVX512 is matVecF16AVX512 for BF16 weights. In the main loop
// each row's 32 weights are one 64-byte load of 16 dwords: a 16-bit left
// shift gives the even elements as float32 and masking off the low halves
// the odd ones, matched by x permuted once per step (VPERMT2PS) into its
// even and odd elements, so the conversion takes no shuffle per row; the
// 16-column step and the tail zero-extend (VPMOVZXWD) and shift.
//
//	n := len(x)
//	for i := range y {
//		var s float32
//		for j, v := range x {
//			s += BF16ToF32(w[i*n+j]) * v
//		}
//		if add {
//			s += y[i]
//		}
//		y[i] = s
//	}
//
//go:noescape
func matVecBF16AVX512(y []float32, w []BF16, x []float32, add bool)
