//go:build amd64 && !purego && !noasm

package kernels

// One tier's internal functions, for the tests that call them directly
// (ger_avx512_amd64_test.go, rankk_avx2_amd64_test.go).
var (
	GerGeneric    = gerGeneric
	GerAVX512     = gerAVX512
	GerKAVX2Panel = gerKAVX2Panel
)
