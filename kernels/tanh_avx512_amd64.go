//go:build amd64 && !purego && !noasm

package kernels

// tanhAVX512 computes dst[i] = tanh(src[i]) for len(src) elements; len(dst)
// >= len(src), and dst is src or does not overlap it.
//
//	for i, v := range src {
//		dst[i] = tanh32(v)
//	}
//
// Both of tanh32's branches are computed on sixteen lanes and the exp
// branch merged under a mask (TANH16X2 in elem_avx512_amd64.h: two vectors
// per iteration, their instructions interleaved); then one vector if 16 or
// more remain, and the last n%16 elements with a masked load and store.
//
// Why 512-bit vectors: the kernel is bound by its 26 vector operations per
// vector. On an Emerald Rapids core (512-bit operations on ports 0 and 5,
// 256-bit ones on ports 0, 1 and 5, VDIVPS costing the same per element in
// both widths) it takes 0.34 ns per element at n = 4096 with 512-bit
// vectors and 0.46 with the same code on 256-bit vectors with AVX-512
// masks (fastest of 100 runs each, go test -bench, same process).
//
//go:noescape
func tanhAVX512(dst, src []float32)

// tanhBackwardAVX512 is tanhBackwardGeneric for len(dst) elements (y and
// dy at least as long; dst is y, dy, or overlaps neither):
//
//	for i := range dst {
//		dst[i] = dy[i] * fma32(-y[i], y[i], 1)
//	}
//
// Four vectors of sixteen per iteration, the last n%16 elements with
// masked loads and a masked store. 512-bit vectors: at n = 4096 (in L1)
// 0.039 ns per element against 0.058 with 256-bit vectors; at n = 23000 (in
// L2) both take 0.084 (Emerald Rapids, fastest of 60 runs).
//
//go:noescape
func tanhBackwardAVX512(dst, y, dy []float32)
