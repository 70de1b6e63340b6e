// Macros of the avx512 element-wise kernels. Constants are entries of
// elem512Consts (elem_avx512_amd64.go), broadcast once per call into the
// registers that TANHCONSTS16 and EXPCONSTS16 name; the macros keep them
// there and use no memory operands.

#define C512(i) ·elem512Consts+(4*(i))(SB)

// TANHCONSTS16 broadcasts tanh's constants: Z12 0.5, Z13 2, Z14 1, Z15 2*c2,
// Z16 the sign bit, Z17 tanhMax, Z18 tanhPolyMax^2, Z19-Z23 tanhT4..tanhT0,
// Z24 2*log2e, Z25 0x1.8p23, Z26 -ln2Hi/2, Z27 -ln2Lo/2, Z28-Z31
// 32*c6, 16*c5, 8*c4, 4*c3.
#define TANHCONSTS16 \
	VBROADCASTSS C512(19), Z12; \
	VBROADCASTSS C512(18), Z13; \
	VBROADCASTSS C512(17), Z14; \
	VBROADCASTSS C512(16), Z15; \
	VBROADCASTSS C512(0), Z16; \
	VBROADCASTSS C512(1), Z17; \
	VBROADCASTSS C512(2), Z18; \
	VBROADCASTSS C512(3), Z19; \
	VBROADCASTSS C512(4), Z20; \
	VBROADCASTSS C512(5), Z21; \
	VBROADCASTSS C512(6), Z22; \
	VBROADCASTSS C512(7), Z23; \
	VBROADCASTSS C512(8), Z24; \
	VBROADCASTSS C512(9), Z25; \
	VBROADCASTSS C512(10), Z26; \
	VBROADCASTSS C512(11), Z27; \
	VBROADCASTSS C512(12), Z28; \
	VBROADCASTSS C512(13), Z29; \
	VBROADCASTSS C512(14), Z30; \
	VBROADCASTSS C512(15), Z31

// TANH16 computes w = tanh(x) on sixteen lanes: tanh32 (elementwise_generic.go)
// with both branches computed and the exp branch merged under mask km.
//
// Lanes: km = (x*x >= 0.625^2), ordered: x*x rounds to at least 0.390625
// exactly when |x| >= 0.625 (below 0.625, x*x is more than half an ULP
// below it), and NaN is not in km. The polynomial branch runs on x itself:
// fma(x, w, x) is exactly -fma(|x|, w, |x|) for x < 0 (rounding is odd), NaN
// stays NaN, and x = -0 gives +0 there; the sign bit of x is ORed into every
// lane at the end, as the twin does. The exp branch runs on
// a = min(|x|, tanhMax) (one VRANGEPS, which would replace a quiet NaN by
// tanhMax, but NaN lanes are polynomial lanes), in the scaled form that
// elem512Consts describes. Expects TANHCONSTS16; x is kept; clobbers a, z,
// t, s and km.
#define TANH16(x, a, z, t, w, s, km) \
	VMULPS      x, x, z /* polynomial: z = x*x */; \
	VCMPPS      $0x1d, Z18, z, km /* km = exp lanes: z >= 0.390625, ordered */; \
	VMOVAPS     Z19, t /* t = T(z) */; \
	VFMADD213PS Z20, z, t; \
	VFMADD213PS Z21, z, t; \
	VFMADD213PS Z22, z, t; \
	VFMADD213PS Z23, z, t; \
	VMULPS      t, z, w /* w = z*t */; \
	VFMADD213PS x, x, w /* w = fma(x, w, x) */; \
	VRANGEPS    $0x0a, Z17, x, a /* exp branch: a = min(|x|, 9.5) */; \
	VMOVAPS     Z25, z /* k = fma(a, 2 log2e, 0x1.8p23) */; \
	VFMADD231PS Z24, a, z; \
	VSUBPS      Z25, z, t /* n = k - 0x1.8p23 */; \
	VFMADD231PS Z26, t, a /* a = r/2 = a - n ln2/2 (Cody-Waite) */; \
	VFMADD231PS Z27, t, a; \
	VMOVAPS     Z28, z /* z = q = 1 + r(c2 + r(...)), scaled Horner */; \
	VFMADD213PS Z29, a, z; \
	VFMADD213PS Z30, a, z; \
	VFMADD213PS Z31, a, z; \
	VFMADD213PS Z15, a, z; \
	VFMADD213PS Z14, a, z; \
	VSCALEFPS   t, Z13, s /* s = 2s' = 2^(n+1) */; \
	VMULPS      a, s, t /* t = sr = s'r */; \
	VFMADD213PS Z14, Z12, s /* s = s'+1 */; \
	VFMADD231PS t, z, s /* s = D = fma(sr, q, s'+1) */; \
	VDIVPS      s, Z13, s /* s = 2/D */; \
	VSUBPS      s, Z14, km, w /* exp lanes: w = 1 - 2/D */; \
	VPTERNLOGD  $0xf8, Z16, x, w /* w |= x & sign */

// EXPCONSTS16 broadcasts exp's constants: Z20 expMin, Z21 log2e,
// Z22 0x1.8p23+127, Z23 -ln2Hi, Z24 -ln2Lo, Z25-Z29 c6..c2, Z30 1,
// Z31 expMax.
#define EXPCONSTS16 \
	VBROADCASTSS C512(20), Z20; \
	VBROADCASTSS C512(21), Z21; \
	VBROADCASTSS C512(22), Z22; \
	VBROADCASTSS C512(23), Z23; \
	VBROADCASTSS C512(24), Z24; \
	VBROADCASTSS C512(25), Z25; \
	VBROADCASTSS C512(26), Z26; \
	VBROADCASTSS C512(27), Z27; \
	VBROADCASTSS C512(28), Z28; \
	VBROADCASTSS C512(29), Z29; \
	VBROADCASTSS C512(17), Z30; \
	VBROADCASTSS C512(30), Z31

// EXP16 computes p = e^x on sixteen lanes with the result of exp32's
// general path (elementwise_generic.go) for every lane:
//
//	xc = min(max(x, -104), 89)          (NaN stays NaN)
//	k, n, r, p from xc as in expPoly
//	p = p * 2^n rounded once            (VSCALEFPS)
//
// The twin's result is also p*2^n rounded once: (p*s1)*s2 on its general
// path (p*s1 is exact), p*s on its fast path (exact, and there the clamp
// changes nothing). Expects EXPCONSTS16; clobbers x and n.
#define EXP16(x, n, p) \
	VMAXPS      x, Z20, x /* xc = min(max(x, -104), 89), NaN kept */; \
	VMINPS      x, Z31, x; \
	VMOVAPS     Z22, n /* k = fma(xc, log2e, 0x1.8p23+127) */; \
	VFMADD231PS Z21, x, n; \
	VSUBPS      Z22, n, n /* n = k - (0x1.8p23+127) */; \
	VFMADD231PS Z23, n, x /* r = xc - n ln2 (Cody-Waite) */; \
	VFMADD231PS Z24, n, x; \
	VMOVAPS     Z25, p /* p = 1 + r(1 + r(c2 + r(c3 + ...))) */; \
	VFMADD213PS Z26, x, p; \
	VFMADD213PS Z27, x, p; \
	VFMADD213PS Z28, x, p; \
	VFMADD213PS Z29, x, p; \
	VFMADD213PS Z30, x, p; \
	VFMADD213PS Z30, x, p; \
	VSCALEFPS   n, p, p /* p = p * 2^n, one rounding */

// TAILMASK sets km to the low CX bits (0 <= CX < 16). Clobbers AX.
#define TAILMASK(km) \
	MOVL  $1, AX; \
	SHLL  CX, AX; \
	DECL  AX; \
	KMOVW AX, km
