//go:build arm64 && !purego && !noasm

package kernels

// lstmForwardNEON is lstmForwardGeneric, four units at a time (the last
// 1..3 one at a time, in lane 0), operation for operation: the gates
// by SIGMOID4 and TANH4, then c and h.
//
//	for j := range c {
//		i[j], f[j], g[j], o[j] = sigmoid32(i[j]), sigmoid32(f[j]), tanh32(g[j]), sigmoid32(o[j])
//		c[j] = fma32x(f[j], cPrev[j], i[j]*g[j])
//		h[j] = o[j] * tanh32(c[j])
//	}
//
//go:noescape
func lstmForwardNEON(i, f, g, o, cPrev, c, h []float32)

// lstmBackwardNEON is lstmBackwardGeneric, four units at a time, every
// input of a unit loaded before any of its outputs is stored (so that the
// gradients may overwrite the activations):
//
//	for j := range c {
//		t := tanh32(c[j])
//		dct := fma32x(dh[j]*o[j], fma32x(-t, t, 1), dc[j])
//		do[j] = (dh[j]*t) * fma32x(-o[j], o[j], o[j])
//		di[j] = (dct*g[j]) * fma32x(-i[j], i[j], i[j])
//		df[j] = (dct*cPrev[j]) * fma32x(-f[j], f[j], f[j])
//		dg[j] = (dct*i[j]) * fma32x(-g[j], g[j], 1)
//		dc[j] = dct * f[j]
//	}
//
//go:noescape
func lstmBackwardNEON(di, df, dg, do, i, f, g, o, cPrev, c, dh, dc []float32)
