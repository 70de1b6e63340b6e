//go:build arm64 && !purego && !noasm

package kernels

// gemmNEON is the neon tier's list of Gemm kernels (funcs.gemm), one
// slice so that the tier's table holds the same entry each time it is
// filled: the 4 x 24 tile, and the 8 x 8 one for products whose n is a
// multiple of 8 that 24 would pad (n = 8, 16, 32, 64, 128, ...).
//
// The 8 x 8 kernel's cost, 1.1, is an estimate, not a measurement (no
// arm64 machine was at hand): both kernels are bound by their FMLAs on
// cores with two FMA pipes (0.29 and 0.30 instructions per multiply-add),
// but the 8 x 8 one has 16 accumulators, just the 16 chains that four
// 4-cycle pipes need, and loads A three times as often.
var gemmNEON = []gemmKernel{
	{mr: 4, nr: 24, cost: 1, kern: gemmKernel4x24NEON},
	{mr: 8, nr: 8, cost: 1.1, kern: gemmKernel8x8NEON},
}

// gemmKernel4x24NEON is a gemmKernel of the neon tier, a 4 x 24 tile
// (mr = 4, nr = 24; kc >= 1):
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
func gemmKernel4x24NEON(kc int, a *float32, lda int, b, c *float32, ldc int)

// gemmKernel8x8NEON is a gemmKernel of the neon tier, an 8 x 8 tile
// (mr = 8, nr = 8; kc >= 1):
//
//	for i := range 8 {
//		for j := range 8 {
//			s := c[i*ldc+j]
//			for p := range kc {
//				s += a[i*lda+p] * b[p*8+j] // one FMLA: fma(a, b, s)
//			}
//			c[i*ldc+j] = s
//		}
//	}
//
// as gemmKernel4x24NEON does it: C loaded into the accumulators, 4 steps
// of k per iteration with by-element FMLAs, then kc%4 single steps with
// A's elements in lane 0; every load exact.
//
// Registers: V16..V31 hold the tile (16 accumulators, row i in V16+2i,
// V17+2i), V0..V7 a[i, p:p+4] for the eight rows of A, V8..V15 the four
// rows p..p+3 of B (two LD1 of four registers).
//
// Main loop, per 4 steps (256 multiply-adds): 8 LD1 of A, 2 LD1 of B
// (8 registers), 64 FMLA, SUBS, B.GE = 76 instructions (0.30 per
// multiply-add), 16 register loads. The bound is the FMLAs, as for the
// 4 x 24 tile; each element of A is loaded once per 8 columns and each of
// B once per 8 rows.
//
//go:noescape
func gemmKernel8x8NEON(kc int, a *float32, lda int, b, c *float32, ldc int)
