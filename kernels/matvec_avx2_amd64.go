//go:build amd64 && !purego && !noasm

package kernels

// matvec_avx2_amd64.s is generated: edit gen_matvec.go and run go generate.
//go:generate go run gen_matvec.go -o matvec_avx2_amd64.s

// matVecAVX2 computes y (+)= W x for the len(y) x len(x) row-major matrix w;
// len(y) >= 1, len(x) >= 1 and len(w) == len(y)*len(x) (the wrappers in
// blas.go check and block).
//
//	n := len(x)
//	for i := range y {
//		var s float32
//		for j, v := range x {
//			s += w[i*n+j] * v
//		}
//		if add {
//			s += y[i]
//		}
//		y[i] = s
//	}
//
// Eight rows at a time share each load of x, one 8-lane accumulator per row
// (16 columns per loop iteration); the eight sums are reduced together and
// stored as one vector. Leftover rows go four, then one at a time. When w
// has more than 16384 elements (it streams from L2 or beyond), blocks of
// four rows with two accumulators each are faster and used throughout. The
// last n%8 columns are masked loads.
//
//go:noescape
func matVecAVX2(y, w, x []float32, add bool)

// matVecTAVX2 computes y (+)= W^T x for the len(x) x len(y) row-major matrix
// w; len(y) >= 1, len(x) >= 1 and len(w) == len(x)*len(y).
//
//	n := len(y)
//	if !add {
//		clear(y)
//	}
//	for i, v := range x {
//		for j := range y {
//			y[j] += v * w[i*n+j]
//		}
//	}
//
// The rows are taken in blocks; for each block, y is swept in strips of 64
// columns held in eight registers while the block's rows are accumulated
// (x[i] broadcast), so y is loaded and stored once per strip and block and
// w is read in a few sequential streams. The last pass of a block covers the
// 8..119 columns left with up to fifteen registers, its last vector ending
// exactly at column n (overlapping the previous one) so that no store is
// masked. Passes of fewer than 8 vectors accumulate rows i mod S (S = 2, 4
// or 8) into S register sets, added at the end, so that at least 8 FMA
// chains hide the FMA latency. Only n < 8 uses masked loads and a masked
// store (with rows i mod 4 in four registers).
//
//go:noescape
func matVecTAVX2(y, w, x []float32, add bool)
