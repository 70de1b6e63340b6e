//go:build amd64 && !purego && !noasm

package kernels

import "math"

// elem512Consts holds the scalar constants of the avx512 element-wise
// kernels (defined in elementwise_generic.go), which assembly broadcasts to
// every lane with VBROADCASTSS; elem_avx512_amd64.h names the entries.
//
// Tanh's exp branch works on a = min(|x|, tanhMax) instead of d = 2a: the
// twin's d = a+a is exact, so with the constants below scaled by powers of
// two every step computes exactly the twin's value or half of it (scaling
// by a power of two commutes with rounding away from the subnormal range,
// which none of these values reach):
//
//	k  = fma(a, 2*log2e, 0x1.8p23)          = twin's k
//	r' = fma(n, -ln2Hi/2, a), fma(n, -ln2Lo/2, r')   = twin's r / 2
//	q  = fma(32*c6, r', 16*c5), then fma(q, r', 8*c4), (.., 4*c3),
//	     (.., 2*c2), (.., 1)                = twin's q (the partial
//	     values are 16, 8, 4 and 2 times the twin's)
//	s2 = 2^(n+1), sr = s2*r'                = twin's s*r
//	s+1 = fma(s2, 0.5, 1)                   = twin's s+1
var elem512Consts = [...]uint32{
	0x80000000,                // 0 SIGN
	math.Float32bits(tanhMax), // 1 TMAX
	math.Float32bits(tanhPolyMax * tanhPolyMax), // 2 TPOLYMAX2 (0.390625, exact)
	math.Float32bits(tanhT4),                    // 3 T4
	math.Float32bits(tanhT3),                    // 4 T3
	math.Float32bits(tanhT2),                    // 5 T2
	math.Float32bits(tanhT1),                    // 6 T1
	math.Float32bits(tanhT0),                    // 7 T0
	math.Float32bits(2 * log2e),                 // 8 L2E2
	math.Float32bits(expMag),                    // 9 MAGIC
	math.Float32bits(-ln2Hi / 2),                // 10 NLN2HIH
	math.Float32bits(-ln2Lo / 2),                // 11 NLN2LOH
	math.Float32bits(32 * expC6),                // 12 Q6
	math.Float32bits(16 * expC5),                // 13 Q5
	math.Float32bits(8 * expC4),                 // 14 Q4
	math.Float32bits(4 * expC3),                 // 15 Q3
	math.Float32bits(2 * expC2),                 // 16 Q2
	math.Float32bits(1),                         // 17 ONE
	math.Float32bits(2),                         // 18 TWO
	math.Float32bits(0.5),                       // 19 HALF
	math.Float32bits(expMin),                    // 20 EXPMIN
	math.Float32bits(log2e),                     // 21 LOG2E
	math.Float32bits(expMag2),                   // 22 MAGIC2
	math.Float32bits(-ln2Hi),                    // 23 NLN2HI
	math.Float32bits(-ln2Lo),                    // 24 NLN2LO
	math.Float32bits(expC6),                     // 25 C6
	math.Float32bits(expC5),                     // 26 C5
	math.Float32bits(expC4),                     // 27 C4
	math.Float32bits(expC3),                     // 28 C3
	math.Float32bits(expC2),                     // 29 C2
	math.Float32bits(expMax),                    // 30 EXPMAX
}
