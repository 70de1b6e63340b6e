//go:build amd64 && !purego && !noasm

package kernels

// clipAVX2 is clipGeneric, x[i] = min(max(x[i], -c), c) with VMAXPS and
// VMINPS taking x as their second source, so a NaN x is kept:
//
//	for i, v := range x {
//		if v > c {
//			x[i] = c
//		} else if v < -c {
//			x[i] = -c
//		}
//	}
//
// For n >= 8 the last eight elements are clipped first, from x as it was,
// and stored after the main loop (an overlapping final vector); n < 8 uses
// a masked load and store.
//
//go:noescape
func clipAVX2(x []float32, c float32)
