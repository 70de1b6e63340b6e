//go:build amd64 && !purego && !noasm

package kernels

import (
	"testing"

	"github.com/simdrnn/simdrnn/internal/cpu"
)

// TestGemmKernelsAVX512 checks the avx512 tier's micro-kernels against
// float64.
func TestGemmKernelsAVX512(t *testing.T) {
	if !cpu.X86AVX512 {
		t.Skip("avx512 tier not available on this CPU")
	}
	for _, kr := range gemmAVX512 {
		checkGemmKernel(t, kr)
	}
}

// TestGemmDriverAVX512 checks Gemm and GemmPacked on the avx512 tier
// against float64 on shapes around its tiles and blocks.
func TestGemmDriverAVX512(t *testing.T) {
	if !cpu.X86AVX512 {
		t.Skip("avx512 tier not available on this CPU")
	}
	checkGemmDriver(t, "avx512")
}
