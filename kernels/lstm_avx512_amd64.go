//go:build amd64 && !purego && !noasm

package kernels

// lstmForwardAVX512 is lstmForwardGeneric, sixteen units at a time (the
// last 1..15 under an opmask), operation for operation: the gates by
// SIGMOID16 and TANH16, then c and h.
//
//	for j := range c {
//		i[j], f[j], g[j], o[j] = sigmoid32(i[j]), sigmoid32(f[j]), tanh32(g[j]), sigmoid32(o[j])
//		c[j] = fma32x(f[j], cPrev[j], i[j]*g[j])
//		h[j] = o[j] * tanh32(c[j])
//	}
//
//go:noescape
func lstmForwardAVX512(i, f, g, o, cPrev, c, h []float32)

// lstmBackwardAVX512 is lstmBackwardGeneric, sixteen units at a time, every
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
func lstmBackwardAVX512(di, df, dg, do, i, f, g, o, cPrev, c, dh, dc []float32)
