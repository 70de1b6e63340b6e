//go:build arm64 && !purego && !noasm

package kernels

// The neon tier's Gemm tile: 4 rows of A by 24 columns of B.
const gemmNEONMR, gemmNEONNR = 4, 24

// gemmNEON is the neon tier's list of Gemm kernels (funcs.gemm), one
// slice so that the tier's table holds the same entry each time it is
// filled.
var gemmNEON = []gemmKernel{{mr: gemmNEONMR, nr: gemmNEONNR, cost: 1, kern: gemmKernelNEON}}

// gemmKernelNEON is the neon tier's gemmKernel, a 4 x 24 tile (mr = 4,
// nr = 24; kc >= 1):
//
//	for i := range 4 {
//		for j := range 24 {
//			s := c[i*ldc+j]
//			for p := range kc {
//				s += a[i*lda+p] * b[p*24+j] // one FMLA: fma(a, b, s)
//			}
//			c[i*ldc+j] = s
//		}
//	}
//
// The tile is loaded from C into the accumulators and the products added
// onto it, one fused multiply-add per step (the sum of gemmKernel's
// contract, with C as its first term: within the error bound Gemm states).
//
// Registers: V8..V31 hold the tile (24 accumulators, row i in V8+6i ..
// V13+6i), V0..V3 four consecutive elements a[i, p:p+4] of each row of A
// (one LD1 per row: A is read in place, lda apart), V4..V7 two 8-column
// pieces of a row of B. The main loop takes 4 steps of k: each piece of B
// (two registers) meets the four rows of A through by-element FMLAs
// (FMLA Vd.4S, Vn.4S, Vm.S[p%4], WORD directives), so one register of A
// serves 4 steps. Then kc%4 single steps, A's elements loaded as scalars
// into lane 0. Every load is exact: nothing outside the kc x 24 panel of
// B, the 4 x kc block of A or the tile of C is read.
//
// Main loop, per 4 steps (384 multiply-adds): 4 LD1 of A, 11 LD1 of B
// (24 registers), 96 FMLA, SUBS, B.GE = 113 instructions (0.29 per
// multiply-add). On a core with two 128-bit FMA pipes (Cortex-A76,
// Neoverse N1/N2) the bound is the 96 FMLAs, 48 cycles; with four (Neoverse
// V1/V2, Apple M) 24 cycles, the 28 register loads needing 10 at three per
// cycle. The 24 accumulators are 24 independent chains, more than the 16
// that four pipes of 4-cycle latency need. Each element of A is loaded
// once per 24 columns and each of B once per 4 rows.
//
//go:noescape
func gemmKernelNEON(kc int, a *float32, lda int, b, c *float32, ldc int)
