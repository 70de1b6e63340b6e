//go:build amd64 && !purego && !noasm

package kernels

// gruForwardAVX512 is gruForwardGeneric, sixteen units at a time (the last
// 1..15 under an opmask), operation for operation:
//
//	for j := range h {
//		r[j] = sigmoid32(r[j] + hr[j])
//		z[j] = sigmoid32(z[j] + hz[j])
//		n[j] = tanh32(fma32x(r[j], hn[j], n[j]))
//		h[j] = fma32x(z[j], hPrev[j]-n[j], n[j])
//	}
//
//go:noescape
func gruForwardAVX512(r, z, n, hr, hz, hn, hPrev, h []float32)

// gruBackwardAVX512 is gruBackwardGeneric, sixteen units at a time, every input
// of a unit loaded before any of its outputs is stored:
//
//	for j := range dh {
//		dn[j] = (dh[j]*(1-z[j])) * fma32x(-n[j], n[j], 1)
//		dz[j] = (dh[j]*(hPrev[j]-n[j])) * fma32x(-z[j], z[j], z[j])
//		dr[j] = (dn[j]*hn[j]) * fma32x(-r[j], r[j], r[j])
//		dhn[j] = dn[j] * r[j]
//		dhPrev[j] = dh[j] * z[j]
//	}
//
//go:noescape
func gruBackwardAVX512(dr, dz, dn, dhn, dhPrev, r, z, n, hn, hPrev, dh []float32)
