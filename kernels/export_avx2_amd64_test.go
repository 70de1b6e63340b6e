//go:build amd64 && !purego && !noasm

package kernels

// GerKAVX2Panel is the avx2 tier's rank-k panel kernel, for
// TestGerKBlockShapesAgree.
var GerKAVX2Panel = gerKAVX2Panel
