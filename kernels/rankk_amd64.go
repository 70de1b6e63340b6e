//go:build amd64 && !purego && !noasm

package kernels

// gerKRowsAVX2 is GerK's avx2 tier: gerKAVX2 on a block of rows of W.
//
// Measured before choosing it (BenchmarkGerK, k = 25, on the shared Zen 3):
// copying Y into L1-sized panels first (to avoid cache-set conflicts from
// power-of-two row strides) gave the same speed at n = 256..1000 and half
// the speed at n = 100, so Y is read in place.
func gerKRowsAVX2(w []float32, alpha float32, x, y []float32, rows, n, k, ldx int) {
	gerKAVX2(w, alpha, x, y, rows, n, k, ldx, n)
}

// gerKAVX2 computes W += alpha * X^T Y on rows rows and n columns of W (row
// stride ldw), where row t of X starts at x[t*ldx] and row t of Y is
// y[t*n : (t+1)*n], for t < k; k, rows, n >= 1:
//
//	for i := range rows {
//		for j := range n {
//			var s float32
//			for t := range k {
//				s += x[t*ldx+i] * y[t*n+j]
//			}
//			w[i*ldw+j] += alpha * s
//		}
//	}
//
// Blocks of 4 rows x 16 columns keep 8 accumulators in registers over all k
// (2 loads of Y and 4 broadcasts of X feed 8 FMAs), so W is read and written
// once; then 4 x 8 and a masked 4 x (n mod 8) block finish the columns, and
// the last rows mod 4 go one at a time.
//
//go:noescape
func gerKAVX2(w []float32, alpha float32, x, y []float32, rows, n, k, ldx, ldw int)
