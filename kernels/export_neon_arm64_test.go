//go:build arm64 && !purego && !noasm

package kernels

// GemmNEONKernel is one of the neon tier's Gemm micro-kernels and its
// MR x NR tile.
type GemmNEONKernel struct {
	MR, NR int
	Kern   func(kc int, a *float32, lda int, b, c *float32, ldc int)
}

// GemmNEONKernels returns the neon tier's Gemm micro-kernels, for
// TestGemmKernelNEON.
func GemmNEONKernels() []GemmNEONKernel {
	var ks []GemmNEONKernel
	for _, k := range gemmNEON {
		ks = append(ks, GemmNEONKernel{k.mr, k.nr, k.kern})
	}
	return ks
}
