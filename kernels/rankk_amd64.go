//go:build amd64 && !purego && !noasm

package kernels

// gerKRowsAVX2 is GerK's avx2 tier: gerKAVX2 on a block of rows of W, with
// 6-row blocks when Y fits in L1 (32 KiB) and 4-row blocks otherwise.
//
// Measured before choosing (process CPU time on the shared Zen 3, k = 25):
// 6-row blocks run n = 100 and 256 at 45-57 GFLOP/s against 40-48 for
// 4-row blocks, but n = 512 (Y = 51 KB, streamed from L2 once per block of
// rows) at 27 against 38-42. Copying Y into L1-sized panels first (against
// cache-set conflicts from power-of-two row strides) gave the same speed at
// n = 256..1000 and half the speed at n = 100, so Y is read in place.
func gerKRowsAVX2(w []float32, alpha float32, x, y []float32, rows, n, k, ldx int) {
	six := 0
	if n*k <= 8192 {
		six = 1
	}
	gerKAVX2(w, alpha, x, y, rows, n, k, ldx, n, six)
}

// gerKAVX2 computes W += alpha * X^T Y on rows rows and n columns of W (row
// stride ldw), where row t of X starts at x[t*ldx] and row t of Y is
// y[t*n : (t+1)*n], for t < k; k, rows, n >= 1; six != 0 enables the 6-row
// blocks:
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
// Blocks of 6 rows x 16 columns keep 12 accumulators in registers over all
// k (2 loads of Y and 6 broadcasts of X feed 12 FMAs), so W is read and
// written once; then 6 x 8 and a masked 6 x (n mod 8) block finish the
// columns. The rows left (or all rows when six == 0) go in blocks of 4
// (8 accumulators) and then one at a time.
//
//go:noescape
func gerKAVX2(w []float32, alpha float32, x, y []float32, rows, n, k, ldx, ldw, six int)
