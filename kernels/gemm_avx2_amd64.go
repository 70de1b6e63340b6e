//go:build amd64 && !purego && !noasm

package kernels

// The avx2 tier's Gemm kernels. Each computes the gemmKernel contract
// (gemm.go) for its tile:
//
//	for i := range mr {
//		for j := range 16 {
//			var s float32
//			for p := range kc {
//				s += a[i*lda+p] * b[p*16+j]
//			}
//			c[i*ldc+j] += s
//		}
//	}
//
// Register plan: Y0..Y(2mr-1) accumulate row i's two vectors of 8 columns
// in Y(2i), Y(2i+1); each step of k loads the panel's row of B into Y12,
// Y13 and broadcasts a[i][p] into Y14 or Y15 (alternating), which feeds
// two FMAs: 8 loads (2 loads per cycle) per 12 FMAs (2 per cycle) for 6 x
// 16. A's rows are addressed from AX (rows 0..2) and BX (rows 3..5) plus
// R8 = 4*lda scaled by 1 and 2; k is unrolled by 4, and C's tile is
// prefetched before the loop and added to after it.
//
// Measured (Ice Lake server, family 6 model 106, 2 vCPUs under KVM, with
// the other vCPU busy; 2026-12-07; the fastest of 150 batches of >= 200 us
// of the kernel alone on 28 tiles of A, rows 1024 elements apart, and one
// panel of B, kc = 128..384): 6 x 16 106-110 GFLOP/s, 4 x 16 94-97,
// against a 256-bit FMA peak of 110 GFLOP/s (bench/limits: 32 FLOP per
// cycle at about 3.4 GHz).

// gemmKernelAVX2x6x16 is the 6 x 16 kernel (see above).
//
//go:noescape
func gemmKernelAVX2x6x16(kc int, a *float32, lda int, b, c *float32, ldc int)

// gemmKernelAVX2x4x16 is the 4 x 16 kernel, for products with few rows
// and the last rows of others.
//
//go:noescape
func gemmKernelAVX2x4x16(kc int, a *float32, lda int, b, c *float32, ldc int)

// gemmAVX2 lists the avx2 kernels; the costs are time per multiply-add
// relative to 6 x 16, measured as above.
var gemmAVX2 = []gemmKernel{
	{mr: 6, nr: 16, cost: 1, kern: gemmKernelAVX2x6x16},
	{mr: 4, nr: 16, cost: 1.13, kern: gemmKernelAVX2x4x16},
}
