//go:build amd64 && !purego && !noasm

package kernels

// gerAVX512 is Ger's avx512 tier: gerAVX512Z when n = len(y) is a multiple
// of 16, gerAVX2 otherwise.
//
// A 512-bit store that is not 64-byte aligned splits across two cache
// lines, and rows of n%16 != 0 columns start at every alignment; measured
// (minimum of repeated runs, m x n, Emerald Rapids): at n = 100 the 512-bit
// kernel took 702 ns with unaligned stores and 840 ns peeling each row to
// an aligned start, against 592 ns for gerAVX2 (256-bit, which splits on
// half as many stores and issues two stores per cycle); at n = 72, 439
// against 231 ns. At n%16 == 0 gerAVX512Z is 1.5-1.6x faster (64: 121
// against 183 ns; 96: 252 against 403 ns); from about 120 x 120 on, W
// streams from L2 and both reach the same 23 GFLOP/s.
func gerAVX512(w []float32, alpha float32, x, y []float32) {
	if len(y)%16 != 0 {
		gerAVX2(w, alpha, x, y)
		return
	}
	gerAVX512Z(w, alpha, x, y)
}

// gerAVX512Z computes the rank-1 update W += alpha * x * y^T for a row-major
// m x n matrix W, m = len(x) >= 1, n = len(y) >= 16 a multiple of 16,
// len(w) = m*n.
//
//	for i, xi := range x {
//		a := alpha * xi // rounded to float32, as gerGeneric does
//		row := w[i*n : (i+1)*n]
//		for j, v := range y {
//			row[j] += a * v
//		}
//	}
//
// Each element is a multiply and an add, rounded separately as the Go loop
// is, so it agrees bitwise with gerGeneric (see gerAVX2). Four rows are
// updated together, sharing each load of y (32 columns per iteration);
// the remaining m%4 go one at a time. Every row has the alignment of the
// first (the stride is a multiple of 64 bytes): the columns before the
// first 64-byte boundary of W are done first, as the masked vector that
// ends there, so that every other store is aligned; the last columns are
// one masked vector.
//
//go:noescape
func gerAVX512Z(w []float32, alpha float32, x, y []float32)
