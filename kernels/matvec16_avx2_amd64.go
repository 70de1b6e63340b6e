//go:build amd64 && !purego && !noasm

package kernels

// matVecF16AVX2 computes y (+)= W x for the len(y) x len(x) row-major F16
// matrix w; len(y) >= 1, len(x) >= 1 and len(w) == len(y)*len(x) (the
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
// Four rows at a time share each load of x, two 8-lane accumulators per
// row (16 columns per step); VCVTPH2PS (F16C) converts eight weights per
// instruction. In calls of 2^17 weights or more, each step prefetches the
// same columns of the next four rows (from L3, 1024 x 1024 took 13% (F16)
// and 18% (BF16) less time on an Ice Lake server; at 256 x 256, in L2, 13%
// more). The last n%8 columns are one more step over columns n-8..n-1
// with the lanes already counted zeroed in both w and x, so nothing is
// read outside the slices; rows of fewer than 8 columns go one element at
// a time.
//
//go:noescape
func matVecF16AVX2(y []float32, w []F16, x []float32, add bool)

// matVecBF16AVX2 is matVecF16AVX2 for BF16 weights. In the main loop each
// row's 16 weights are one 32-byte load of 8 dwords: a 16-bit left shift
// gives the even elements as float32 and masking off the low halves the odd
// ones, matched by x permuted once per step (VSHUFPS, VPERMPD) into its
// even and odd elements, so the conversion takes no shuffle per row (at 64
// to 256 columns, 15 to 20% less time than zero-extending, VPMOVZXWD, and
// shifting, on an Ice Lake server); the 8-column step and the tail
// zero-extend and shift.
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
func matVecBF16AVX2(y []float32, w []BF16, x []float32, add bool)
