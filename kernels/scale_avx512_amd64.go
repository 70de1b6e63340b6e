//go:build amd64 && !purego && !noasm

package kernels

// scaleAVX512 computes x *= alpha.
//
//	for i := range x {
//		x[i] *= alpha
//	}
//
// Structure as in axpyAVX512: for n >= 16 the last 16 (or 8) elements are
// computed first and stored last; for n >= 256 with x misaligned the first
// 16 too, and the loops (64 elements per iteration, then up to three 16)
// store 64-byte aligned; n < 16 uses 256-bit vectors only.
//
// Why 512-bit: the loop is bound by one 64-byte store per cycle, which
// 512-bit vectors and the avx2 tier's two 32-byte stores per cycle both
// reach, so the gain is in fewer instructions and no split stores: on
// Emerald Rapids (minimum of 400 runs, shared machine) n = 16 4.5 vs 5.9 ns,
// n = 256 9.8 vs 11.8 ns, n = 1024 1.05-1.35x, n = 4096 104 vs 110 ns
// (1.06x); n = 100, 23000 (L2) and 1M (DRAM) level (0.97-1.15x across
// runs); sizes 16 to 128 called in a tight loop on one buffer 0.94-1.49x
// (below 1 only at 17..23, where both tiers overlap vectors).
//
//go:noescape
func scaleAVX512(alpha float32, x []float32)
