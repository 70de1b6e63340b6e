//go:build amd64 && !purego && !noasm

package kernels

// gemmKernelAVX512x12x32 is the gemmKernel contract for a 12 x 32 tile.
//
//go:noescape
func gemmKernelAVX512x12x32(kc int, a *float32, lda int, b, c *float32, ldc int)

// gemmKernelAVX512x14x32 is the gemmKernel contract for a 14 x 32 tile.
//
//go:noescape
func gemmKernelAVX512x14x32(kc int, a *float32, lda int, b, c *float32, ldc int)

// gemmKernelAVX512x24x16 is the gemmKernel contract for a 24 x 16 tile.
//
//go:noescape
func gemmKernelAVX512x24x16(kc int, a *float32, lda int, b, c *float32, ldc int)

// gemmKernelAVX512x16x16 is the gemmKernel contract for a 16 x 16 tile.
//
//go:noescape
func gemmKernelAVX512x16x16(kc int, a *float32, lda int, b, c *float32, ldc int)

var gemmAVX512 = []gemmKernel{
	{mr: 12, nr: 32, cost: 1, kern: gemmKernelAVX512x12x32},
	{mr: 12, nr: 16, cost: 1.05, kern: gemmKernelAVX512x12x16p, kpair: true},
}

//go:noescape
func gemmKernelAVX512x24x16r(kc int, a *float32, lda int, b, c *float32, ldc int)

//go:noescape
func gemmKernelAVX512x9x16e1(kc int, a *float32, lda int, b, c *float32, ldc int)

//go:noescape
func gemmKernelAVX512x12x16p(kc int, a *float32, lda int, b, c *float32, ldc int)

//go:noescape
func gemmKernelAVX512x14x16p(kc int, a *float32, lda int, b, c *float32, ldc int)

// gemmPairIdx holds the VPERMT2PS indexes of the even lanes (0, 2, ..., 30)
// and of the odd lanes (1, 3, ..., 31) of two vectors.
var gemmPairIdx = [32]int32{0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31}
