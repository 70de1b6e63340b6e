//go:build arm64 && !purego && !noasm

package kernels

// clipNEON limits every x[i] to [-c, c] (c >= 0): x = min(max(x, -c), c)
// with FMAX/FMIN, which return NaN for a NaN x, as clipGeneric does.
//
//	for i, v := range x {
//		if v > c {
//			x[i] = c
//		} else if v < -c {
//			x[i] = -c
//		}
//	}
//
// Main loop, per 8 elements: 1 LD1, 2 FMAX, 2 FMIN, 1 ST1, SUBS, B.PL = 8
// instructions (1 per element); bound on a 4-wide, 2-FP-pipe core: 2
// cycles per 8 elements (issue and the FP pipes alike), 4 elements per cycle.
//
//go:noescape
func clipNEON(x []float32, c float32)
