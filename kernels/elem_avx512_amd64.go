//go:build amd64 && !purego && !noasm

package kernels

import "math"

// elem512Consts holds the scalar constants of the avx512 element-wise
// kernels (defined in elementwise_generic.go), which assembly broadcasts to
// every lane with VBROADCASTSS; elem_avx512_amd64.h names the entries.
//
// Tanh's exp branch (TANH16) works on a = min(|x|, tanhMax) instead of the
// twin's d = a+a, with constants scaled by powers of two. Scaling by a power
// of two commutes with rounding to float32 away from overflow and the
// subnormal range, which none of these values reach, so every step below
// computes exactly the twin's value times a known power of two (twin's
// names on the right; m = -n):
//
//	k  = fma(a, 2*log2e, 0x1.8p23)                 k (same product)
//	m  = 0x1.8p23 - k                              -n
//	r' = fma(m, ln2Hi/2, a), then fma(m, ln2Lo/2, r')   r/2
//	Q  = fma(64*c6, r', 32*c5), then fma(Q, r', 16*c4),
//	     (.., 8*c3), (.., 4*c2), (.., 2)          2q (the partial values
//	                                               are 32, 16, 8, 4 times
//	                                               the twin's)
//	N  = 2^(1-n)                                   2/s
//	u  = fma(N, 0.5, 1)                            (s+1)/s
//	D' = fma(r', Q, u)                             D/s: fma(sr, q, s+1)/s
//	t  = N / D'                                    2/D
//
// so 1 - t is the twin's y. (D = s*D' because fma(sr, q, s+1) rounds
// s*(rq + (s+1)/s) and s = 2^n; u = (s+1)/s because s+1 rounds
// s*(1 + 2^-n).)
var elem512Consts = [...]uint32{
	0x80000000,                // 0 SIGN
	math.Float32bits(tanhMax), // 1 TMAX
	math.Float32bits(tanhPolyMax * tanhPolyMax), // 2 TPOLY2 (0.390625, exact)
	math.Float32bits(tanhT4),                    // 3 T4
	math.Float32bits(tanhT3),                    // 4 T3
	math.Float32bits(tanhT2),                    // 5 T2
	math.Float32bits(tanhT1),                    // 6 T1
	math.Float32bits(tanhT0),                    // 7 T0
	math.Float32bits(2 * log2e),                 // 8 L2E2
	math.Float32bits(expMag),                    // 9 MAGIC
	math.Float32bits(ln2Hi / 2),                 // 10 LN2HIH
	math.Float32bits(ln2Lo / 2),                 // 11 LN2LOH
	math.Float32bits(64 * expC6),                // 12 Q6
	math.Float32bits(32 * expC5),                // 13 Q5
	math.Float32bits(16 * expC4),                // 14 Q4
	math.Float32bits(8 * expC3),                 // 15 Q3
	math.Float32bits(4 * expC2),                 // 16 Q2
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
