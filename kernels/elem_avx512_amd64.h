// Macros of the avx512 element-wise kernels. Constants are entries of
// elem512Consts (elem_avx512_amd64.go), broadcast once per call into the
// registers that TANHCONSTS16 and EXPCONSTS16 name; a chain that starts
// from a constant starts with a VBROADCASTSS of it from elem512Consts. No
// other memory operands. The tail mask is vec_avx512_amd64.h's KMASK.

#include "vec_avx512_amd64.h"

#define C512(i) ·elem512Consts+(4*(i))(SB)

// TANHCONSTS16 broadcasts the constants that TANH16 keeps in registers:
// Z14 1, Z15 2, Z16 the sign bit, Z17 tanhMax, Z18 tanhPolyMax^2, Z19 0.5,
// Z20-Z23 tanhT3..tanhT0, Z24 2*log2e, Z25 0x1.8p23, Z26 ln2Hi/2, Z27
// ln2Lo/2, Z28-Z31 32*c5, 16*c4, 8*c3, 4*c2.
#define TANHCONSTS16 \
	VBROADCASTSS C512(17), Z14; \
	VBROADCASTSS C512(18), Z15; \
	VBROADCASTSS C512(0), Z16; \
	VBROADCASTSS C512(1), Z17; \
	VBROADCASTSS C512(2), Z18; \
	VBROADCASTSS C512(19), Z19; \
	VBROADCASTSS C512(4), Z20; \
	VBROADCASTSS C512(5), Z21; \
	VBROADCASTSS C512(6), Z22; \
	VBROADCASTSS C512(7), Z23; \
	VBROADCASTSS C512(8), Z24; \
	VBROADCASTSS C512(9), Z25; \
	VBROADCASTSS C512(10), Z26; \
	VBROADCASTSS C512(11), Z27; \
	VBROADCASTSS C512(13), Z28; \
	VBROADCASTSS C512(14), Z29; \
	VBROADCASTSS C512(15), Z30; \
	VBROADCASTSS C512(16), Z31

// TANH16 computes w = tanh(x) on sixteen lanes: tanh32 (elementwise_generic.go)
// with both branches computed and the exp branch merged under mask km.
//
// Lanes: km = (x*x >= 0.625^2), ordered: x*x rounds to at least 0.390625
// exactly when |x| >= 0.625 (below 0.625, x*x is more than half an ULP
// below it), and NaN is not in km. The polynomial branch runs on x itself:
// fma(x, w, x) is exactly -fma(|x|, w, |x|) for x < 0 (rounding to nearest
// is symmetric), NaN stays NaN, and x = -0 gives +0 there; the sign bit of
// x is ORed into every lane at the end, as the twin does. The exp branch runs on
// a = min(|x|, tanhMax) (one VRANGEPS, which would replace a quiet NaN by
// tanhMax, but NaN lanes are polynomial lanes), in the scaled form that
// elem512Consts describes, and comes first: it is the longer dependency
// chain. Chains that start from a constant start with a VBROADCASTSS from
// memory (a load, not a vector ALU operation): 26 vector ALU operations
// per vector, the divide counting as its three. Expects TANHCONSTS16; x is
// kept; clobbers a, z, t, s and km.
#define TANH16(x, a, z, t, w, s, km) \
	VRANGEPS     $0x0a, Z17, x, a /* exp branch: a = min(|x|, 9.5) */; \
	VBROADCASTSS C512(9), s /* k = fma(a, 2 log2e, 0x1.8p23) */; \
	VFMADD231PS  Z24, a, s; \
	VSUBPS       s, Z25, t /* t = m = 0x1.8p23 - k = -n */; \
	VFMADD231PS  Z26, t, a /* a = r' = a + m ln2/2 (Cody-Waite) */; \
	VFMADD231PS  Z27, t, a; \
	VBROADCASTSS C512(12), w /* w = Q = 2q, scaled Horner */; \
	VFMADD213PS  Z28, a, w; \
	VFMADD213PS  Z29, a, w; \
	VFMADD213PS  Z30, a, w; \
	VFMADD213PS  Z31, a, w; \
	VFMADD213PS  Z15, a, w; \
	VSCALEFPS    t, Z15, s /* s = N = 2^(1-n) */; \
	VBROADCASTSS C512(17), t /* t = u = fma(N, 0.5, 1) */; \
	VFMADD231PS  s, Z19, t; \
	VFMADD231PS  a, w, t /* t = D' = fma(r', Q, u) */; \
	VDIVPS       t, s, s /* s = N/D' = 2/D */; \
	VMULPS       x, x, z /* polynomial branch: z = x*x */; \
	VCMPPS       $0x1d, Z18, z, km /* km = exp lanes: z >= 0.390625, ordered */; \
	VBROADCASTSS C512(3), t /* t = T(z) */; \
	VFMADD213PS  Z20, z, t; \
	VFMADD213PS  Z21, z, t; \
	VFMADD213PS  Z22, z, t; \
	VFMADD213PS  Z23, z, t; \
	VMULPS       t, z, w /* w = z*t */; \
	VFMADD213PS  x, x, w /* w = fma(x, w, x) */; \
	VSUBPS       s, Z14, km, w /* exp lanes: w = 1 - 2/D */; \
	VPTERNLOGD   $0xf8, Z16, x, w /* w |= x & sign */

// TANH16X2 is TANH16 on two vectors, their instructions interleaved (faster
// than one vector per loop iteration, or two one after the other).
#define TANH16X2(x, a, z, t, w, s, km, x2, a2, z2, t2, w2, s2, km2) \
	VRANGEPS     $0x0a, Z17, x, a /* exp branch: a = min(|x|, 9.5) */; \
	VRANGEPS     $0x0a, Z17, x2, a2; \
	VBROADCASTSS C512(9), s /* k = fma(a, 2 log2e, 0x1.8p23) */; \
	VBROADCASTSS C512(9), s2; \
	VFMADD231PS  Z24, a, s; \
	VFMADD231PS  Z24, a2, s2; \
	VSUBPS       s, Z25, t /* t = m = 0x1.8p23 - k = -n */; \
	VSUBPS       s2, Z25, t2; \
	VFMADD231PS  Z26, t, a /* a = r' = a + m ln2/2 (Cody-Waite) */; \
	VFMADD231PS  Z26, t2, a2; \
	VFMADD231PS  Z27, t, a; \
	VFMADD231PS  Z27, t2, a2; \
	VBROADCASTSS C512(12), w /* w = Q = 2q, scaled Horner */; \
	VBROADCASTSS C512(12), w2; \
	VFMADD213PS  Z28, a, w; \
	VFMADD213PS  Z28, a2, w2; \
	VFMADD213PS  Z29, a, w; \
	VFMADD213PS  Z29, a2, w2; \
	VFMADD213PS  Z30, a, w; \
	VFMADD213PS  Z30, a2, w2; \
	VFMADD213PS  Z31, a, w; \
	VFMADD213PS  Z31, a2, w2; \
	VFMADD213PS  Z15, a, w; \
	VFMADD213PS  Z15, a2, w2; \
	VSCALEFPS    t, Z15, s /* s = N = 2^(1-n) */; \
	VSCALEFPS    t2, Z15, s2; \
	VBROADCASTSS C512(17), t /* t = u = fma(N, 0.5, 1) */; \
	VBROADCASTSS C512(17), t2; \
	VFMADD231PS  s, Z19, t; \
	VFMADD231PS  s2, Z19, t2; \
	VFMADD231PS  a, w, t /* t = D' = fma(r', Q, u) */; \
	VFMADD231PS  a2, w2, t2; \
	VDIVPS       t, s, s /* s = N/D' = 2/D */; \
	VDIVPS       t2, s2, s2; \
	VMULPS       x, x, z /* polynomial branch: z = x*x */; \
	VMULPS       x2, x2, z2; \
	VCMPPS       $0x1d, Z18, z, km /* km = exp lanes: z >= 0.390625, ordered */; \
	VCMPPS       $0x1d, Z18, z2, km2; \
	VBROADCASTSS C512(3), t /* t = T(z) */; \
	VBROADCASTSS C512(3), t2; \
	VFMADD213PS  Z20, z, t; \
	VFMADD213PS  Z20, z2, t2; \
	VFMADD213PS  Z21, z, t; \
	VFMADD213PS  Z21, z2, t2; \
	VFMADD213PS  Z22, z, t; \
	VFMADD213PS  Z22, z2, t2; \
	VFMADD213PS  Z23, z, t; \
	VFMADD213PS  Z23, z2, t2; \
	VMULPS       t, z, w /* w = z*t */; \
	VMULPS       t2, z2, w2; \
	VFMADD213PS  x, x, w /* w = fma(x, w, x) */; \
	VFMADD213PS  x2, x2, w2; \
	VSUBPS       s, Z14, km, w /* exp lanes: w = 1 - 2/D */; \
	VSUBPS       s2, Z14, km2, w2; \
	VPTERNLOGD   $0xf8, Z16, x, w /* w |= x & sign */; \
	VPTERNLOGD   $0xf8, Z16, x2, w2

// EXPCONSTS16 broadcasts the constants that EXP16 keeps in registers:
// Z20 expMin, Z21 log2e, Z22 0x1.8p23+127, Z23 -ln2Hi, Z24 -ln2Lo, Z25-Z28
// c5..c2, Z29 1, Z30 expMax.
#define EXPCONSTS16 \
	VBROADCASTSS C512(20), Z20; \
	VBROADCASTSS C512(21), Z21; \
	VBROADCASTSS C512(22), Z22; \
	VBROADCASTSS C512(23), Z23; \
	VBROADCASTSS C512(24), Z24; \
	VBROADCASTSS C512(26), Z25; \
	VBROADCASTSS C512(27), Z26; \
	VBROADCASTSS C512(28), Z27; \
	VBROADCASTSS C512(29), Z28; \
	VBROADCASTSS C512(17), Z29; \
	VBROADCASTSS C512(30), Z30

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
	VMAXPS       x, Z20, x /* xc = min(max(x, -104), 89), NaN kept */; \
	VMINPS       x, Z30, x; \
	VBROADCASTSS C512(22), n /* k = fma(xc, log2e, 0x1.8p23+127) */; \
	VFMADD231PS  Z21, x, n; \
	VSUBPS       Z22, n, n /* n = k - (0x1.8p23+127) */; \
	VFMADD231PS  Z23, n, x /* r = xc - n ln2 (Cody-Waite) */; \
	VFMADD231PS  Z24, n, x; \
	VBROADCASTSS C512(25), p /* p = 1 + r(1 + r(c2 + r(c3 + ...))) */; \
	VFMADD213PS  Z25, x, p; \
	VFMADD213PS  Z26, x, p; \
	VFMADD213PS  Z27, x, p; \
	VFMADD213PS  Z28, x, p; \
	VFMADD213PS  Z29, x, p; \
	VFMADD213PS  Z29, x, p; \
	VSCALEFPS    n, p, p /* p = p * 2^n, one rounding */

// EXP16X4 is EXP16 on four vectors, their instructions interleaved.
#define EXP16X4(x, n, p, x2, n2, p2, x3, n3, p3, x4, n4, p4) \
	VMAXPS       x, Z20, x /* xc = min(max(x, -104), 89), NaN kept */; \
	VMAXPS       x2, Z20, x2; \
	VMAXPS       x3, Z20, x3; \
	VMAXPS       x4, Z20, x4; \
	VMINPS       x, Z30, x; \
	VMINPS       x2, Z30, x2; \
	VMINPS       x3, Z30, x3; \
	VMINPS       x4, Z30, x4; \
	VBROADCASTSS C512(22), n /* k = fma(xc, log2e, 0x1.8p23+127) */; \
	VBROADCASTSS C512(22), n2; \
	VBROADCASTSS C512(22), n3; \
	VBROADCASTSS C512(22), n4; \
	VFMADD231PS  Z21, x, n; \
	VFMADD231PS  Z21, x2, n2; \
	VFMADD231PS  Z21, x3, n3; \
	VFMADD231PS  Z21, x4, n4; \
	VSUBPS       Z22, n, n /* n = k - (0x1.8p23+127) */; \
	VSUBPS       Z22, n2, n2; \
	VSUBPS       Z22, n3, n3; \
	VSUBPS       Z22, n4, n4; \
	VFMADD231PS  Z23, n, x /* r = xc - n ln2 (Cody-Waite) */; \
	VFMADD231PS  Z23, n2, x2; \
	VFMADD231PS  Z23, n3, x3; \
	VFMADD231PS  Z23, n4, x4; \
	VFMADD231PS  Z24, n, x; \
	VFMADD231PS  Z24, n2, x2; \
	VFMADD231PS  Z24, n3, x3; \
	VFMADD231PS  Z24, n4, x4; \
	VBROADCASTSS C512(25), p /* p = 1 + r(1 + r(c2 + r(c3 + ...))) */; \
	VBROADCASTSS C512(25), p2; \
	VBROADCASTSS C512(25), p3; \
	VBROADCASTSS C512(25), p4; \
	VFMADD213PS  Z25, x, p; \
	VFMADD213PS  Z25, x2, p2; \
	VFMADD213PS  Z25, x3, p3; \
	VFMADD213PS  Z25, x4, p4; \
	VFMADD213PS  Z26, x, p; \
	VFMADD213PS  Z26, x2, p2; \
	VFMADD213PS  Z26, x3, p3; \
	VFMADD213PS  Z26, x4, p4; \
	VFMADD213PS  Z27, x, p; \
	VFMADD213PS  Z27, x2, p2; \
	VFMADD213PS  Z27, x3, p3; \
	VFMADD213PS  Z27, x4, p4; \
	VFMADD213PS  Z28, x, p; \
	VFMADD213PS  Z28, x2, p2; \
	VFMADD213PS  Z28, x3, p3; \
	VFMADD213PS  Z28, x4, p4; \
	VFMADD213PS  Z29, x, p; \
	VFMADD213PS  Z29, x2, p2; \
	VFMADD213PS  Z29, x3, p3; \
	VFMADD213PS  Z29, x4, p4; \
	VFMADD213PS  Z29, x, p; \
	VFMADD213PS  Z29, x2, p2; \
	VFMADD213PS  Z29, x3, p3; \
	VFMADD213PS  Z29, x4, p4; \
	VSCALEFPS    n, p, p /* p = p * 2^n, one rounding */; \
	VSCALEFPS    n2, p2, p2; \
	VSCALEFPS    n3, p3, p3; \
	VSCALEFPS    n4, p4, p4

// SIGMOIDCONSTS16 broadcasts the constants that SIGMOID16 keeps in
// registers: EXPCONSTS16's (Z20-Z30) and the sign bit in Z31.
#define SIGMOIDCONSTS16 \
	EXPCONSTS16; \
	VBROADCASTSS C512(0), Z31

// SIGMOID16 computes w = sigmoid(x) on sixteen lanes, sigmoid32
// (elementwise_generic.go) op for op, both results computed and the one
// for a negative x merged under km (the sign bits of x). e and el are
// p*2^n and pl*2^n rounded once (VSCALEFPS), as the twin's (p*s1)*s2 and
// (pl*s1)*s2 are (p*s1 and pl*s1 are exact wherever the last bits of el can
// reach the result). Expects SIGMOIDCONSTS16; keeps x; clobbers d, n, q, p,
// l, z, h and km.
#define SIGMOID16(x, d, n, q, p, l, z, h, w, km) \
	VPORD        Z31, x, d /* d = max(-|x|, -104), NaN kept */; \
	VMAXPS       d, Z20, d; \
	VBROADCASTSS C512(22), n /* k = fma(d, log2e, 0x1.8p23+127) */; \
	VFMADD231PS  Z21, d, n; \
	VSUBPS       Z22, n, n /* n = k - (0x1.8p23+127) */; \
	VFMADD231PS  Z23, n, d /* d = r = d - n ln2 (Cody-Waite) */; \
	VFMADD231PS  Z24, n, d; \
	VBROADCASTSS C512(25), q /* q = 1 + r(c2 + r(c3 + ...)) */; \
	VFMADD213PS  Z25, d, q; \
	VFMADD213PS  Z26, d, q; \
	VFMADD213PS  Z27, d, q; \
	VFMADD213PS  Z28, d, q; \
	VFMADD213PS  Z29, d, q; \
	VMOVAPS      q, p /* p = fma(q, r, 1) */; \
	VFMADD213PS  Z29, d, p; \
	VSUBPS       p, Z29, l /* l = pl = fma(q, r, 1 - p) */; \
	VFMADD231PS  q, d, l; \
	VSCALEFPS    n, p, p /* p = e = p 2^n, l = el = pl 2^n */; \
	VSCALEFPS    n, l, l; \
	VADDPS       Z29, p, d /* d = D = 1 + e, n = Dl = (1 - D) + e */; \
	VSUBPS       d, Z29, n; \
	VADDPS       p, n, n; \
	VDIVPS       d, p, z /* z = z0 = e/D */; \
	VFNMADD231PS z, d, p /* p = c = e - z0 D - z0 Dl + el h */; \
	VSUBPS       z, Z29, h /* h = 1 - z0 */; \
	VFNMADD231PS z, n, p; \
	VFMADD231PS  l, h, p; \
	VSUBPS       h, Z29, w /* x >= 0: w = h + fma(-c, h, (1 - h) - z0) */; \
	VSUBPS       z, w, w; \
	VFNMADD231PS p, h, w; \
	VADDPS       w, h, w; \
	VFMADD231PS  p, h, z /* x < 0: w = fma(c, h, z0) */; \
	VPMOVD2M     x, km; \
	VMOVAPS      z, km, w

// The cell kernels (lstm_avx512_amd64.s, gru_avx512_amd64.s) run sixteen
// units per iteration under the opmask K3 (all lanes but in the last
// iteration), DX the byte offset of the units and CX the units left; each
// slice's base is reloaded from the argument frame at each use. SIGMOID16
// and TANH16 keep different constants in Z20-Z31, so each iteration
// broadcasts SIGMOIDCONSTS16 before its sigmoids and TANHCONSTS16 before
// its tanhs (loads, beside some 250 vector operations).

// CLD16 loads the sixteen units at DX of the slice whose base is at arg
// into z (lanes outside K3 read as 0); CST16 stores z there under K3.
// Clobber AX.
#define CLD16(arg, z) \
	MOVQ      arg, AX; \
	VMOVUPS.Z (AX)(DX*1), K3, z

#define CST16(z, arg) \
	MOVQ    arg, AX; \
	VMOVUPS z, K3, (AX)(DX*1)
