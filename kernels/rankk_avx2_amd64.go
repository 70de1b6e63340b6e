//go:build amd64 && !purego && !noasm

package kernels

// Panel sizes of gerKAVX2's copy of Y: gerKRows steps x gerKCols
// columns, an 8 KiB buffer on the stack.
const (
	gerKRows = 32
	gerKCols = 64
)

// gerKAVX2 is GerK's avx2 tier on a block of rows of W. When Y fits in
// L1 (n*k <= 8192) gerKAVX2Panel reads it in place; otherwise Y is copied in
// panels of at most gerKRows x gerKCols into a stack buffer and gerKAVX2Panel
// runs on each panel, so that the panel stays in L1 while every row of W
// uses it: Y's rows at a power-of-two stride (2 KiB for n = 512) would map
// onto a few cache sets and evict each other. W is then read and written
// once per gerKRows steps.
//
// Measured before choosing (process CPU time on the shared Zen 3, k = 25,
// n x n): 6-row blocks beat 4-row blocks at every n (62 against 53 GFLOP/s
// at n = 512, 30 against 22 at n = 1024); the panel copy gives 68 against 62
// at n = 512 and 63 against 52 at n = 1000, and the same speed at n = 256.
func gerKAVX2(w []float32, alpha float32, x, y []float32, rows, n, k, ldx int) {
	if n*k <= 8192 {
		gerKAVX2Panel(w, alpha, x, y, rows, n, k, ldx, n, 1)
		return
	}
	var buf [gerKRows * gerKCols]float32
	for t0 := 0; t0 < k; t0 += gerKRows {
		kb := min(gerKRows, k-t0)
		for j0 := 0; j0 < n; j0 += gerKCols {
			nb := min(gerKCols, n-j0)
			for t := range kb {
				copy(buf[t*nb:(t+1)*nb], y[(t0+t)*n+j0:])
			}
			gerKAVX2Panel(w[j0:], alpha, x[t0*ldx:], buf[:kb*nb], rows, nb, kb, ldx, n, 1)
		}
	}
}

// gerKAVX2Panel computes W += alpha * X^T Y on rows rows and n columns of W (row
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
func gerKAVX2Panel(w []float32, alpha float32, x, y []float32, rows, n, k, ldx, ldw, six int)
