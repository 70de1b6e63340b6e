//go:build amd64 && !purego && !noasm

package kernels

// The avx512 tier's Gemm kernels. Each computes the gemmKernel contract
// (gemm.go) for its tile:
//
//	for i := range mr {
//		for j := range nr {
//			var s float32
//			for p := range kc {
//				s += a[i*lda+p] * b[p*nr+j] // b in pairs of rows for the "p" kernels
//			}
//			c[i*ldc+j] += s
//		}
//	}
//
// Register plan of the mr x 32 kernels: Z0..Z(2mr-1) accumulate row i's
// two vectors of 16 columns in Z(2i), Z(2i+1); each step of k loads the
// panel's row of B into Z24, Z25 and broadcasts a[i][p] into one of
// Z26..Z31 (rotating, so that loads run ahead of the FMAs), which feeds two
// FMAs. A's rows are addressed from base registers AX, BX, R9, R10 (rows
// 0, 3, 6, 9) plus R8 = 4*lda scaled by 1 and 2; k is unrolled by 4, and
// C's tile is prefetched before the loop and added to after it.
//
// The 512-bit loads, broadcasts included, issue at one per cycle on Ice
// Lake (measured: 3.8 G/s against 7.0 G/s for 256-bit loads), while two
// FMAs issue per cycle: a kernel must feed each FMA with fewer than one
// load. 12 x 32 needs 14 loads per 24 FMAs. A 16-column kernel with one
// broadcast per FMA (embedded or not) cannot pass half the peak (measured
// 112 GFLOP/s for 24 x 16), so the narrow kernels ("p") read B's panel
// with its rows in pairs (gemmKernel.kpair): one 64-bit broadcast of
// a[i][p:p+2] feeds two FMAs on vectors of 8 columns x 2 steps (Z(2i)
// columns 0..7, Z(2i+1) columns 8..15), the same 14 loads per 24 FMAs as
// 12 x 32; after the loop VPERMT2PS gathers the even and the odd lanes of
// row i's two vectors and their sum is c[i][0:16]'s update.
//
// Measured (Ice Lake server, family 6 model 106, 2 vCPUs under KVM, with
// the other vCPU busy; 2026-12-07; the fastest of 150 batches of >= 200 us
// of the kernel alone on 14 tiles of A, rows 1024 elements apart, and one
// panel of B, kc = 128..384): 12 x 32 178-185 GFLOP/s, 12 x 16p 166-182,
// 8 x 32 155-177, 4 x 32 138-146, 4 x 16p 127-146, against an FMA peak of
// 191-200 GFLOP/s (bench/limits: 24 independent 512-bit FMA chains, 64
// FLOP per cycle at about 3.1 GHz). 24 x 16 and 16 x 16 with embedded
// broadcasts ran at 108-112, 14 x 32 no faster than 12 x 32.

// gemmKernelAVX512x12x32 is the 12 x 32 kernel (see above).
//
//go:noescape
func gemmKernelAVX512x12x32(kc int, a *float32, lda int, b, c *float32, ldc int)

// gemmKernelAVX512x8x32 is the 8 x 32 kernel, for products with few rows
// and the last rows of others.
//
//go:noescape
func gemmKernelAVX512x8x32(kc int, a *float32, lda int, b, c *float32, ldc int)

// gemmKernelAVX512x4x32 is the 4 x 32 kernel, for products with few rows
// and the last rows of others.
//
//go:noescape
func gemmKernelAVX512x4x32(kc int, a *float32, lda int, b, c *float32, ldc int)

// gemmKernelAVX512x12x16p is the 12 x 16 kernel with B's rows in pairs
// (kpair), for products with at most 16 columns (or a few more than 32).
//
//go:noescape
func gemmKernelAVX512x12x16p(kc int, a *float32, lda int, b, c *float32, ldc int)

// gemmKernelAVX512x4x16p is the 4 x 16 kernel with B's rows in pairs, for
// the last rows of a product gemmKernelAVX512x12x16p computes.
//
//go:noescape
func gemmKernelAVX512x4x16p(kc int, a *float32, lda int, b, c *float32, ldc int)

// gemmPairIdx holds the VPERMT2PS indexes of the even lanes (0, 2, ..., 30)
// and of the odd lanes (1, 3, ..., 31) of two vectors.
var gemmPairIdx = [32]int32{0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31}

// gemmAVX512 lists the avx512 kernels; the costs are time per
// multiply-add relative to 12 x 32, measured as above (12 x 16p counts as
// 12 x 32, so that a tie of padded areas goes to 12 x 32).
var gemmAVX512 = []gemmKernel{
	{mr: 12, nr: 32, cost: 1, kern: gemmKernelAVX512x12x32},
	{mr: 12, nr: 16, cost: 1, kern: gemmKernelAVX512x12x16p, kpair: true},
	{mr: 8, nr: 32, cost: 1.05, kern: gemmKernelAVX512x8x32},
	{mr: 4, nr: 32, cost: 1.3, kern: gemmKernelAVX512x4x32},
	{mr: 4, nr: 16, cost: 1.3, kern: gemmKernelAVX512x4x16p, kpair: true},
}
