// Macros shared by the avx2 tier's kernels (*_avx2_amd64.s).

// TAILMASK loads into Y13 the VMASKMOVPS mask of the first CX < 8 lanes
// (from tailMask, arch_amd64.go). Clobbers AX and CX.
#define TAILMASK \
	LEAQ    ·tailMask+32(SB), AX; \
	SHLQ    $2, CX; \
	SUBQ    CX, AX; \
	VMOVDQU (AX), Y13

// Rows of elemConsts (elem_avx2_amd64.go): 256-bit constants for the
// element-wise kernels.
#define ABS ·elemConsts+0(SB)
#define EXPMIN ·elemConsts+32(SB)
#define EXPMAX ·elemConsts+64(SB)
#define LOG2E ·elemConsts+96(SB)
#define MAGIC ·elemConsts+128(SB)
#define NLN2HI ·elemConsts+160(SB)
#define NLN2LO ·elemConsts+192(SB)
#define C6 ·elemConsts+224(SB)
#define C5 ·elemConsts+256(SB)
#define C4 ·elemConsts+288(SB)
#define C3 ·elemConsts+320(SB)
#define C2 ·elemConsts+352(SB)
#define ONE ·elemConsts+384(SB)
#define BIAS ·elemConsts+416(SB)
#define I127 ·elemConsts+448(SB)
#define TPOLYMAX ·elemConsts+480(SB)
#define TMAX ·elemConsts+512(SB)
#define T4 ·elemConsts+544(SB)
#define T3 ·elemConsts+576(SB)
#define T2 ·elemConsts+608(SB)
#define T1 ·elemConsts+640(SB)
#define T0 ·elemConsts+672(SB)
#define TWO ·elemConsts+704(SB)
#define TBIAS ·elemConsts+736(SB)
#define MAGIC2 ·elemConsts+768(SB)
#define BIAS2 ·elemConsts+800(SB)
#define EXPFAST ·elemConsts+832(SB)
#define SIGN ·elemConsts+864(SB)

// EXP8 computes out = e^x on eight lanes by exp32's general path (clamp,
// scale in two halves; elementwise_generic.go), op for op. Clobbers x, Y1,
// Y5, Y6, Y7.
#define EXP8(x, out) \
	VMOVUPS     EXPMIN, Y1 /* xc = min(max(x, -104), 89), NaN kept */; \
	VMAXPS      x, Y1, Y1; \
	VMOVUPS     EXPMAX, x; \
	VMINPS      Y1, x, x; \
	VMOVUPS     MAGIC2, Y5 /* k = fma(xc, log2e, 1.5*2^23+127) */; \
	VFMADD231PS LOG2E, x, Y5; \
	VSUBPS      MAGIC2, Y5, Y6 /* n = k - 1.5*2^23+127 */; \
	VFMADD231PS NLN2HI, Y6, x /* r = xc - n*ln2 (Cody-Waite) */; \
	VFMADD231PS NLN2LO, Y6, x; \
	VMOVUPS     C6, Y7 /* p = 1 + r(1 + r(c2 + r(c3 + ...))) */; \
	VFMADD213PS C5, x, Y7; \
	VFMADD213PS C4, x, Y7; \
	VFMADD213PS C3, x, Y7; \
	VFMADD213PS C2, x, Y7; \
	VFMADD213PS ONE, x, Y7; \
	VFMADD213PS ONE, x, Y7; \
	VPSUBD      BIAS2, Y5, Y5 /* n2 = n - n>>1, n1 = n>>1 */; \
	VPSRAD      $1, Y5, Y6; \
	VPSUBD      Y6, Y5, Y5; \
	VPADDD      I127, Y6, Y6 /* s1 = 2^n1, s2 = 2^n2 */; \
	VPSLLD      $23, Y6, Y6; \
	VPADDD      I127, Y5, Y5; \
	VPSLLD      $23, Y5, Y5; \
	VMULPS      Y6, Y7, Y7 /* out = (p*s1)*s2 */; \
	VMULPS      Y5, Y7, out

// EXPFAST8 computes out = e^x on eight lanes by exp32's fast path, valid
// when no lane has |x| > 87 (EXPCHECK). Clobbers x, Y5, Y6, Y7.
#define EXPFAST8(x, out) \
	VMOVUPS     MAGIC2, Y5 /* k = fma(x, log2e, 1.5*2^23+127) */; \
	VFMADD231PS LOG2E, x, Y5; \
	VSUBPS      MAGIC2, Y5, Y6 /* n = k - (1.5*2^23+127) */; \
	VFMADD231PS NLN2HI, Y6, x /* r = x - n*ln2 (Cody-Waite) */; \
	VFMADD231PS NLN2LO, Y6, x; \
	VMOVUPS     C6, Y7 /* p = 1 + r(1 + r(c2 + r(c3 + ...))) */; \
	VFMADD213PS C5, x, Y7; \
	VFMADD213PS C4, x, Y7; \
	VFMADD213PS C3, x, Y7; \
	VFMADD213PS C2, x, Y7; \
	VFMADD213PS ONE, x, Y7; \
	VFMADD213PS ONE, x, Y7; \
	VPSLLD      $23, Y5, Y5 /* s = 2^n */; \
	VMULPS      Y5, Y7, out

// EXPCHECK sets AX to the lanes of x with |x| > 87 (NaN: not set), for the
// choice between EXPFAST8 and EXP8. Clobbers Y1.
#define EXPCHECK(x) \
	VANDPS    ABS, x, Y1; \
	VCMPPS    $0x1e, EXPFAST, Y1, Y1; \
	VMOVMSKPS Y1, AX

// TANH8 computes out = tanh(x) on eight lanes (tanh32 in
// elementwise_generic.go, both branches, selected per lane). Expects
// TANHCONSTS in Y9-Y11; clobbers x, Y1-Y7; out must be none of them.
#define TANH8(x, out) \
	VANDPS      ABS, x, Y1 /* a = |x|, x = sign bits */; \
	VXORPS      Y1, x, x; \
	VMULPS      Y1, Y1, Y2 /* polynomial: z = a*a */; \
	VMOVUPS     T4, Y3 /* t = T(z) */; \
	VFMADD213PS T3, Y2, Y3; \
	VFMADD213PS T2, Y2, Y3; \
	VFMADD213PS T1, Y2, Y3; \
	VFMADD213PS T0, Y2, Y3; \
	VMULPS      Y2, Y3, Y3 /* w = z*t */; \
	VFMADD213PS Y1, Y1, Y3 /* Y3 = fma(a, w, a) */; \
	VMINPS      Y1, Y11, Y4 /* exp branch: d = 2 min(a, 9.5) */; \
	VADDPS      Y4, Y4, Y4; \
	VMOVUPS     MAGIC, Y5 /* k, n, r as in EXP8 */; \
	VFMADD231PS LOG2E, Y4, Y5; \
	VSUBPS      MAGIC, Y5, Y6; \
	VFMADD231PS NLN2HI, Y6, Y4; \
	VFMADD231PS NLN2LO, Y6, Y4; \
	VMOVUPS     C6, Y7 /* q = 1 + r(c2 + r(...)) */; \
	VFMADD213PS C5, Y4, Y7; \
	VFMADD213PS C4, Y4, Y7; \
	VFMADD213PS C3, Y4, Y7; \
	VFMADD213PS C2, Y4, Y7; \
	VFMADD213PS ONE, Y4, Y7; \
	VPSUBD      TBIAS, Y5, Y5 /* s = 2^n */; \
	VPSLLD      $23, Y5, Y5; \
	VMULPS      Y4, Y5, Y4 /* sr = s*r */; \
	VADDPS      Y9, Y5, Y5 /* D = fma(sr, q, s+1) */; \
	VFMADD231PS Y4, Y7, Y5; \
	VDIVPS      Y5, Y10, Y6 /* Y7 = 1 - 2/D */; \
	VSUBPS      Y6, Y9, Y7; \
	VCMPPS      $1, TPOLYMAX, Y1, Y2 /* select a < 0.625 ? poly : exp */; \
	VBLENDVPS   Y2, Y3, Y7, out; \
	VORPS       x, out, out /* sign back */


// TANHCONSTS loads the constants that TANH8 keeps in registers: 1 in Y9,
// 2 in Y10, tanhMax in Y11.
#define TANHCONSTS \
	VMOVUPS ONE, Y9; \
	VMOVUPS TWO, Y10; \
	VMOVUPS TMAX, Y11


// SIGMOID8 computes out = sigmoid(x) on eight lanes (sigmoid32 in
// elementwise_generic.go, op for op: both results, selected per lane by the
// sign bit of x). Expects 1 in Y9 (SIGMOIDCONSTS); keeps x; clobbers Y1-Y7;
// out must be none of them.
#define SIGMOID8(x, out) \
	VORPS        SIGN, x, Y1 /* d = -|x|: the sign bit set */; \
	VMOVUPS      EXPMIN, Y2 /* d = max(d, -104), NaN kept */; \
	VMAXPS       Y1, Y2, Y1; \
	VMOVUPS      MAGIC2, Y5 /* k = fma(d, log2e, 1.5*2^23+127) */; \
	VFMADD231PS  LOG2E, Y1, Y5; \
	VSUBPS       MAGIC2, Y5, Y6 /* n = k - (1.5*2^23+127) */; \
	VFMADD231PS  NLN2HI, Y6, Y1 /* r = d - n*ln2 (Cody-Waite) */; \
	VFMADD231PS  NLN2LO, Y6, Y1; \
	VMOVUPS      C6, Y7 /* q = 1 + r(c2 + r(c3 + ...)) */; \
	VFMADD213PS  C5, Y1, Y7; \
	VFMADD213PS  C4, Y1, Y7; \
	VFMADD213PS  C3, Y1, Y7; \
	VFMADD213PS  C2, Y1, Y7; \
	VFMADD213PS  Y9, Y1, Y7; \
	VMOVAPS      Y7, Y2 /* p = fma(q, r, 1) */; \
	VFMADD213PS  Y9, Y1, Y2; \
	VSUBPS       Y2, Y9, Y3 /* pl = fma(q, r, 1 - p) */; \
	VFMADD231PS  Y7, Y1, Y3; \
	VPSUBD       BIAS2, Y5, Y5 /* n2 = n - n>>1, n1 = n>>1 */; \
	VPSRAD       $1, Y5, Y6; \
	VPSUBD       Y6, Y5, Y5; \
	VPADDD       I127, Y6, Y6 /* s1 = 2^n1, s2 = 2^n2 */; \
	VPSLLD       $23, Y6, Y6; \
	VPADDD       I127, Y5, Y5; \
	VPSLLD       $23, Y5, Y5; \
	VMULPS       Y6, Y2, Y2 /* e = (p*s1)*s2, el = (pl*s1)*s2 */; \
	VMULPS       Y5, Y2, Y2; \
	VMULPS       Y6, Y3, Y3; \
	VMULPS       Y5, Y3, Y3; \
	VADDPS       Y9, Y2, Y4 /* D = 1 + e, Dl = (1 - D) + e */; \
	VSUBPS       Y4, Y9, Y5; \
	VADDPS       Y2, Y5, Y5; \
	VDIVPS       Y4, Y2, Y6 /* z0 = e/D */; \
	VFNMADD231PS Y6, Y4, Y2 /* c = e - z0 D - z0 Dl + el h */; \
	VSUBPS       Y6, Y9, Y7 /* h = 1 - z0 */; \
	VFNMADD231PS Y6, Y5, Y2; \
	VFMADD231PS  Y3, Y7, Y2; \
	VMOVAPS      Y6, Y1 /* negative x: fma(c, h, z0) */; \
	VFMADD231PS  Y2, Y7, Y1; \
	VSUBPS       Y7, Y9, Y4 /* otherwise: h + fma(-c, h, (1 - h) - z0) */; \
	VSUBPS       Y6, Y4, Y4; \
	VFNMADD231PS Y2, Y7, Y4; \
	VADDPS       Y4, Y7, Y4; \
	VBLENDVPS    x, Y1, Y4, out /* select by the sign bit of x */

// SIGMOIDCONSTS loads the constant that SIGMOID8 keeps in a register: 1 in
// Y9.
#define SIGMOIDCONSTS \
	VMOVUPS ONE, Y9

// The cell kernels (lstm_avx2_amd64.s, gru_avx2_amd64.s) run eight units
// per iteration with masked loads and stores (the loads of a full vector
// are as fast as VMOVUPS, and the element-wise work dominates), DX the
// byte offset of the units and CX the units left; each slice's base is
// reloaded from the argument frame at each use, as there are more slices
// than free registers.

// CELLMASK sets Y8 to the VMASKMOVPS mask of the first min(CX, 8) lanes.
// Clobbers AX and SI.
#define CELLMASK \
	MOVQ    $8, SI; \
	CMPQ    CX, SI; \
	CMOVQLT CX, SI; \
	LEAQ    ·tailMask+32(SB), AX; \
	SHLQ    $2, SI; \
	SUBQ    SI, AX; \
	VMOVDQU (AX), Y8

// CLD loads the eight units at DX of the slice whose base is at arg into y
// (the lanes past the end read as 0); CST stores y there. Clobber AX.
#define CLD(arg, y) \
	MOVQ       arg, AX; \
	VMASKMOVPS (AX)(DX*1), Y8, y

#define CST(y, arg) \
	MOVQ       arg, AX; \
	VMASKMOVPS y, Y8, (AX)(DX*1)
