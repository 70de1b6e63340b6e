//go:build amd64 && !purego && !noasm

package kernels

// axpyAVX512 computes y += alpha*x over len(x) elements; len(y) >= len(x).
//
//	for i, v := range x {
//		y[i] += alpha * v
//	}
//
// Each element is one fused multiply-add, as in axpyAVX2. For n >= 16 the
// last 16 elements are computed first from the original y and stored
// last, overlapping the loop's final vector (for n < 128 with n%16 in
// 1..8, the last 8 on 256 bits instead, so that n = 16k+8 stores no element
// twice); for n >= 128 with y not 64-byte aligned the first 16 are
// computed and held the same way, and the loops start at y's first 64-byte
// boundary, so that no store splits a cache line. Loops: 64 elements per
// iteration (128 measured the same), then up to three 16-element vectors
// in straight-line code. Every element's result depends only on its own
// inputs as they were, so Axpy(alpha, x, x) is exact too. n < 16 uses
// 256-bit vectors only: two overlapping 8-lane vectors for 8 <= n < 16, an
// opmask for n < 8.
//
// Why 512-bit for n >= 16: against the avx2 tier's 256-bit loop on Emerald
// Rapids (minimum of 400 runs, shared machine): n = 16 5.4 vs 7.0 ns,
// n = 64 7.6 vs 8.2 ns, n = 1024 1.2-1.4x, n = 4096 113 vs 153 ns (1.35x;
// two 64-byte loads and one 64-byte store per cycle); n = 23000 (L2) and
// 1M (DRAM) 1.03x. A masked (rather than unmasked, overlapping) head store
// measured up to 1.4x slower per call at n = 100. The n < 16 paths avoid
// 512-bit operations, which cost 1-1.5 ns in such short calls. Called in a
// tight loop on one buffer, a 16-lane last vector at n = 16k+8 defeated
// store-to-load forwarding into the next call (n = 24, 40, 72: 0.84-0.87x
// the avx2 tier, whose 8-lane vectors do not overlap there); with the
// 8-lane last vector and the straight-line 16-element tail, sizes 16 to
// 128 measure 0.92-1.35x (below 1 only at 17..23, where both tiers
// overlap).
//
//go:noescape
func axpyAVX512(alpha float32, x, y []float32)
