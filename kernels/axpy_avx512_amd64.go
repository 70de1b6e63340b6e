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
// last, overlapping the loop's final vector; for n >= 128 with y not
// 64-byte aligned the first 16 are computed and held the same way, and the
// loops start at y's first 64-byte boundary, so that no store splits a
// cache line. Loops: 64 elements per iteration (128 measured the same),
// then 16. Every element's result depends only on its own inputs as they
// were, so Axpy(alpha, x, x) is exact too. n < 16 uses 256-bit vectors
// only: two overlapping 8-lane vectors for 8 <= n < 16, an opmask for
// n < 8.
//
// Why 512-bit for n >= 16: against the avx2 tier's 256-bit loop on Emerald
// Rapids (minimum of 400 runs, shared machine): n = 16 5.4 vs 7.0 ns,
// n = 64 7.6 vs 8.2 ns, n = 1024 1.2-1.4x, n = 4096 113 vs 153 ns (1.35x;
// two 64-byte loads and one 64-byte store per cycle); n = 23000 (L2) and
// 1M (DRAM) 1.03x. A masked (rather than unmasked, overlapping) head store
// measured up to 1.4x slower per call at n = 100. The n < 16 paths avoid
// 512-bit operations, which cost 1-1.5 ns in such short calls. Called in a
// tight loop on one buffer, sizes 16k+8 below 128 measure 0.84-0.95x: the
// overlapping last vector defeats store-to-load forwarding into the next
// call, where the avx2 tier's 8-element vectors do not overlap (an 8-lane
// last vector for these sizes cost 1-2 ns at the other sizes).
//
//go:noescape
func axpyAVX512(alpha float32, x, y []float32)
