//go:build amd64 && !purego && !noasm

package kernels

// clipAVX512 is clipGeneric: x[i] = min(max(x[i], -c), c), NaN kept, exact.
//
//	for i, v := range x {
//		if v > c {
//			x[i] = c
//		} else if v < -c {
//			x[i] = -c
//		}
//	}
//
// Structure as in scaleAVX512 (last 16 or 8 elements computed first and
// stored last, first 16 too for n >= 256 with x misaligned, 64-byte
// aligned stores in the loops), with n <= 16 on 256-bit vectors: at n = 16
// one 512-bit vector measured 5.8 ns against 5.0 for two 256-bit ones.
//
// Why 512-bit for n > 16: against the avx2 tier on Emerald Rapids
// (minimum of 400 runs, shared machine): n = 256 12 vs 18 ns, n = 1024
// 34 vs 60 ns, n = 4096 119 vs 237 ns (2.0x); n = 23000 (L2) and 1M (DRAM)
// level (0.92-1.11x across runs); sizes 16 to 128 called in a tight loop
// on one buffer 0.97-1.65x.
//
//go:noescape
func clipAVX512(x []float32, c float32)
