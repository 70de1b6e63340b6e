//go:build arm64 && !purego && !noasm

package kernels

// GemmKernelNEON is the neon tier's Gemm micro-kernel, and GemmNEONMR x
// GemmNEONNR its tile, for TestGemmKernelNEON.
var GemmKernelNEON = gemmKernelNEON

// The neon tier's Gemm tile, for TestGemmKernelNEON.
const GemmNEONMR, GemmNEONNR = gemmNEONMR, gemmNEONNR
