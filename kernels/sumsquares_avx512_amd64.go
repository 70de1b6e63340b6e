//go:build amd64 && !purego && !noasm

package kernels

// sumSquaresAVX512 returns sum x[i]*x[i], within the float32 summation
// bound of the sequential sum, not bit-identical to it:
//
//	var s float32
//	for _, v := range x {
//		s = fma32(v, v, s)
//	}
//	return s
//
// It is dotAVX512 with one stream: straight-line code for n <= 64, then
// eight 16-lane FMA accumulators (two 64-byte loads and two FMAs per cycle
// need eight chains of latency four; sixteen measured no faster), a masked
// head that aligns x to 64 bytes for n >= 256, and masked tails.
//
// Why 512-bit (L1-load-bound, as dotAVX512): against the avx2 tier's
// 256-bit loop on Emerald Rapids (minimum of 400 runs, shared machine):
// n = 4096 69 vs 168 ns (2.4x), n = 1024 21 vs 35 ns, n = 23000 (L2) 1.5x,
// 1M (DRAM) 1.02x; sizes 1 to 4096 measured 0.99-2.5x.
//
//go:noescape
func sumSquaresAVX512(x []float32) float32
