//go:build arm64 && !purego && !noasm

package kernels

// gerKRowsNEON is GerK's neon tier on all rows of W: gerKNEON on blocks of
// rows of at most blockElems multiply-adds each.
func gerKRowsNEON(w []float32, alpha float32, x, y []float32, rows, n, k, ldx int) {
	rb := max(1, blockElems/(n*k))
	for i := 0; i < rows; i += rb {
		gerKNEON(w[i*n:], alpha, x[i:], y, min(rb, rows-i), n, k, ldx)
	}
}

// gerKNEON computes W += alpha * X^T Y on rows rows and n columns of W
// (row stride n), where row t of X starts at x[t*ldx] and row t of Y is
// y[t*n : (t+1)*n], for t < k; k, rows, n >= 1. gerKRowsNEON runs it as
// GerK's neon tier (funcs.gerK):
//
//	for i := range rows {
//		for j := range n {
//			var s float32
//			for t := range k {
//				s += x[t*ldx+i] * y[t*n+j]
//			}
//			w[i*n+j] += alpha * s // one FMLA: fma(alpha, s, w)
//		}
//	}
//
// Blocks of 4 rows x 8 columns keep 8 accumulators in registers over all k:
// per t, one LD1 of y[t, j:j+8] (2 registers) and one LD1 of the 4 x values
// x[t, i:i+4] feed 8 by-element FMLAs (FMLA Vd.4S, Vn.4S, Vm.S[r], a WORD),
// so W is read and written once. Then a 4 x 4 block, then 4 x 1 columns
// (the four rows in the lanes of one accumulator), and the last rows mod 4
// one at a time; all loads are exact (lane loads for single elements), so
// nothing outside the slices is touched.
//
// Inner loop, per t and 4 x 8 block (32 multiply-adds): 2 LD1 (3 registers),
// 8 FMLA, SUBS, B.NE = 12 instructions (0.375 per multiply-add). On a
// 4-wide core with two FMA pipes (Neoverse N2/V1, Apple M) the bound is the
// 8 FMLAs, 4 cycles per 32 multiply-adds (16 flops per cycle); the loads
// need 1.5 cycles, issue 3. The 8 accumulators are 8 independent chains,
// as many as two 4-cycle FMA pipes need.
//
//go:noescape
func gerKNEON(w []float32, alpha float32, x, y []float32, rows, n, k, ldx int)
