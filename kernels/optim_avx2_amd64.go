//go:build amd64 && !purego && !noasm

package kernels

// The optimizer kernels run the operations of their generic twins
// (elementwise_generic.go) on eight lanes, so they return the same bits.
// For n >= 8 the last eight elements are computed first from the inputs
// as they were and stored after the main loop; n < 8 uses masked loads
// and stores. All slices have len(g) elements.

// adagradAVX2 is adagradGeneric with the division by the square root
// replaced by a multiplication with a reciprocal square root (VRSQRTPS and
// one Newton step), which is much faster than VSQRTPS and VDIVPS on Zen 3:
//
//	for i, gi := range g {
//		mi := fma32(gi, gi, m[i])
//		m[i] = mi
//		t := mi + eps
//		r0 := rsqrt(t)                     // about 12 bits
//		r := r0 * fma32(t*r0*r0, -0.5, 1.5) // Newton step
//		w[i] -= (lr * gi) * r
//	}
//
// m is bit-identical to the twin's; the update lr*g/sqrt(m+eps) has a
// relative error below 2^-21 (VRSQRTPS's result is implementation-defined,
// so w is not bit-identical to the twin's). eps must be > 0 or m+eps
// positive, as in every Adagrad.
//
//go:noescape
func adagradAVX2(w, g, m []float32, lr, eps float32)

// adamAVX2 is adamGeneric (a = lr/c1, b = 1/c2, ob1 = 1-b1, ob2 = 1-b2
// computed once by Adam):
//
//	for i, gi := range g {
//		mi := fma32(b1, m[i], float32(ob1*gi))
//		vi := fma32(b2, v[i], float32(float32(ob2*gi)*gi))
//		m[i], v[i] = mi, vi
//		w[i] -= float32(a*mi) / (sqrt32(float32(vi*b)) + eps)
//	}
//
//go:noescape
func adamAVX2(w, g, m, v []float32, b1, ob1, b2, ob2, a, b, eps float32)

// momentumAVX2 is momentumGeneric (nlr = -lr):
//
//	for i, gi := range g {
//		vi := fma32(mu, vel[i], float32(nlr*gi))
//		vel[i] = vi
//		w[i] += vi
//	}
//
//go:noescape
func momentumAVX2(w, g, vel []float32, nlr, mu float32)
