//go:build amd64 && !purego && !noasm

package kernels

// The avx512 optimizer kernels run the operations of their twins on 16
// lanes (Adam: 8) with opmask tails: every element is loaded, updated and
// stored once. All slices have len(g) elements.

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
// vectors, 32 elements per iteration:
//
//	for i, gi := range g {
//		vi := fma32(mu, vel[i], float32(nlr*gi))
//		vel[i] = vi
//		w[i] += vi
//	}
//
//go:noescape
func momentumAVX512(w, g, vel []float32, nlr, mu float32)
