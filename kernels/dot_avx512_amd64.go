//go:build amd64 && !purego && !noasm

package kernels

// dotAVX512 returns sum_i x[i]*y[i] over len(x) elements; len(y) >= len(x).
//
//	var s float32
//	for i, v := range x {
//		s += v * y[i]
//	}
//	return s
//
// 512-bit vectors. n <= 64 is straight-line code: up to four vectors, the
// last one masked (opmask loads never touch the elements past n). Larger n:
// eight 16-lane FMA accumulators, 128 elements per iteration (two 64-byte
// loads per FMA, so eight chains cover the FMA latency at one FMA per
// cycle), then one 64-element block, up to three 16-element vectors and a
// masked tail. For n >= 256 a masked head of k < 16 elements first brings x
// to a 64-byte boundary: every misaligned 64-byte load splits a cache line.
//
// Why 512-bit: the loop is bound by L1 loads, and this core loads two
// 64-byte vectors per cycle against two 32-byte ones: limits read L1 at
// 317-327 GB/s with 512-bit loads and 174 GB/s with 256-bit ones. Measured
// on Emerald Rapids (minimum of 400 runs, shared machine) against the avx2
// tier's 256-bit loop: n = 64 6.6 vs 7.9 ns, n = 1024 31 vs 45 ns, n = 4096
// 113 vs 186 ns (290 GB/s, 1.65x); 1.14x at n = 23000 (L2), 1.03x at 1M
// (DRAM-bound); sizes 1 to 4096 measured 0.97-1.65x (below 1.0 only
// within the noise, at n = 7 and 40).
//
//go:noescape
func dotAVX512(x, y []float32) float32
