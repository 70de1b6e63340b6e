//go:build amd64 && !purego && !noasm

package kernels

// gemmKernelAVX2x6x16 is the gemmKernel contract for a 6 x 16 tile.
//
//go:noescape
func gemmKernelAVX2x6x16(kc int, a *float32, lda int, b, c *float32, ldc int)

var gemmAVX2 = []gemmKernel{{mr: 6, nr: 16, cost: 1, kern: gemmKernelAVX2x6x16}}
