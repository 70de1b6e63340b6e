//go:build amd64 && !purego && !noasm

package kernels

// The avx512 optimizer kernels run the operations of their twins on 16
// lanes (Adam: 8). Adagrad and SGDMomentum: for n >= 16 the last 16
// elements are computed first from the inputs as they were and stored
// after the loop (32 elements per iteration), overlapping its final vector;
// n < 16 uses 256-bit vectors only (two overlapping 8-lane vectors, or an
// opmask below 8), as a 512-bit operation measured 1-1.5 ns slower in such
// short calls. All slices have len(g) elements.

// adagradAVX512 is adagradGeneric with the division by the square root
// replaced by a multiplication with a reciprocal square root (VRSQRT14PS,
// 14 bits, and one Newton step), on 512-bit vectors, 32 elements per
// iteration:
//
//	for i, gi := range g {
//		mi := fma32(gi, gi, m[i])
//		m[i] = mi
//		t := mi + eps
//		r0 := rsqrt14(t)
//		r := r0 * fma32(t*r0*r0, -0.5, 1.5) // Newton step
//		w[i] -= (lr * gi) * r
//	}
//
// m is bit-identical to the twin's. The update lr*g/sqrt(m+eps) has a
// relative error below 2^-21 (at most 2^-21.9 measured over 16.7M random
// inputs; the twin's is 2^-22.3), so w may differ from the twin's in the
// last bits; on one machine the result is deterministic, and a resumed run
// repeats it to the bit. VSQRTPS and VDIVPS (the twin's operations, bit for
// bit) measured 3.2x slower at n = 4096 on Emerald Rapids (0.46 vs 0.14
// ns/element: the divider, not memory, bounds them), slower than the avx2
// tier. eps must be > 0 or m+eps positive, as in every Adagrad.
//
// Against the avx2 tier (minimum of 400 runs, shared machine): n = 4096
// 0.147 vs 0.27 ns/element, 23000 (L2) 1.16x, 1M (DRAM) level; the avx2
// kernel pays about 290 ns per call on this CPU for its two legacy-SSE
// MOVQ to X registers (with VMOVD instead it measured 0.195 ns/element at
// n = 4096, still 1.36x slower than this kernel).
//
//go:noescape
func adagradAVX512(w, g, m []float32, lr, eps float32)

// adamAVX512 is adamGeneric (a = lr/c1, b = 1/c2, ob1 = 1-b1, ob2 = 1-b2
// computed once by Adam), bit for bit:
//
//	for i, gi := range g {
//		mi := fma32(b1, m[i], float32(ob1*gi))
//		vi := fma32(b2, v[i], float32(float32(ob2*gi)*gi))
//		m[i], v[i] = mi, vi
//		w[i] -= float32(a*mi) / (sqrt32(float32(vi*b)) + eps)
//	}
//
// It uses 256-bit vectors (16 elements per iteration, then 8, then an
// opmask tail): VSQRTPS and VDIVPS bound it, and on Emerald Rapids their
// 512-bit forms have the same throughput per element and a longer latency,
// so 512-bit vectors measured the same at n >= 1024 (0.47 ns/element) and
// 7-12% slower at n <= 100.
//
//go:noescape
func adamAVX512(w, g, m, v []float32, b1, ob1, b2, ob2, a, b, eps float32)

// momentumAVX512 is momentumGeneric (nlr = -lr), bit for bit, on 512-bit
// vectors (n >= 16), 32 elements per iteration:
//
//	for i, gi := range g {
//		vi := fma32(mu, vel[i], float32(nlr*gi))
//		vel[i] = vi
//		w[i] += vi
//	}
//
// Against the avx2 tier (minimum of 400 runs, shared machine): n = 100
// 12.4 vs 16.6 ns, n = 1024 65 vs 108 ns, n = 4096 303 vs 460 ns (1.5x),
// 23000 (L2) and 1M (DRAM) 1.01-1.03x; sizes below 16 level (0.97-0.99x).
//
//go:noescape
func momentumAVX512(w, g, vel []float32, nlr, mu float32)
