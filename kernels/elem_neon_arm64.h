// Macros shared by the neon tier's element-wise kernels (exp, softmax,
// tanh): exp32's argument reduction and polynomial (elementwise_generic.go)
// with their constants, written once. A WORD inside a macro carries its
// instruction in a block comment; asm/cmd/arm64word generates and checks it.

// Bit patterns of the magic constants that round x*log2e to an integer:
// EXPMAG is expMag = 0x1.8p23 (expReduce, for tanh); EXPMAG2 is expMag2 =
// 0x1.8p23 + 127, whose bits are also expBias2 (exp32's general path).
#define EXPMAG $0x4b400000
#define EXPMAG2 $0x4b40007f

// EXP_CONSTS broadcasts the constants of the reduction and the polynomial:
// log2e in V18, magic in V19, -ln2Hi in V20, -ln2Lo in V21, expC6..expC2 in
// V22..V26 and 1 in V27. Clobbers R10.
#define EXP_CONSTS(magic) \
	MOVW $0x3fb8aa3b, R10 /* log2e */; \
	VDUP R10, V18.S4; \
	MOVW magic, R10; \
	VDUP R10, V19.S4; \
	MOVW $0xbf318000, R10 /* -ln2Hi */; \
	VDUP R10, V20.S4; \
	MOVW $0x395e8083, R10 /* -ln2Lo */; \
	VDUP R10, V21.S4; \
	MOVW $0x3ab51202, R10 /* expC6 */; \
	VDUP R10, V22.S4; \
	MOVW $0x3c091d00, R10 /* expC5 */; \
	VDUP R10, V23.S4; \
	MOVW $0x3d2aac79, R10 /* expC4 */; \
	VDUP R10, V24.S4; \
	MOVW $0x3e2aaa49, R10 /* expC3 */; \
	VDUP R10, V25.S4; \
	MOVW $0x3efffffe, R10 /* expC2 */; \
	VDUP R10, V26.S4; \
	MOVW $0x3f800000, R10 /* 1 */; \
	VDUP R10, V27.S4

// EXP_REDUCE reduces x in V4 (left unchanged) by ln2, as expReduce does:
// V5 = k = fma(x, log2e, magic), V6 = n = k - magic,
// V7 = r = fma(n, -ln2Lo, fma(n, -ln2Hi, x)). Needs EXP_CONSTS.
#define EXP_REDUCE \
	VMOV  V19.B16, V5.B16; \
	VFMLA V18.S4, V4.S4, V5.S4; \
	WORD $0x4eb3d4a6 /* fsub v6.4s, v5.4s, v19.4s */; \
	VMOV  V4.B16, V7.B16; \
	VFMLA V20.S4, V6.S4, V7.S4; \
	VFMLA V21.S4, V6.S4, V7.S4

// EXP_POLY sets V8 = q = 1 + r(c2 + r(c3 + r(c4 + r(c5 + r c6)))) by Horner
// with FMLA, from r in V7. Clobbers V9. Needs EXP_CONSTS.
#define EXP_POLY \
	VMOV  V23.B16, V8.B16; \
	VFMLA V22.S4, V7.S4, V8.S4; \
	VMOV  V24.B16, V9.B16; \
	VFMLA V8.S4, V7.S4, V9.S4; \
	VMOV  V25.B16, V8.B16; \
	VFMLA V9.S4, V7.S4, V8.S4; \
	VMOV  V26.B16, V9.B16; \
	VFMLA V8.S4, V7.S4, V9.S4; \
	VMOV  V27.B16, V8.B16; \
	VFMLA V9.S4, V7.S4, V8.S4

// EXP4_CONSTS broadcasts what EXP4 needs: EXP_CONSTS(EXPMAG2), expMin =
// -104 in V16, expMax = 89 in V17 and the exponent bias 127 in V29.
// Clobbers R10.
#define EXP4_CONSTS \
	EXP_CONSTS(EXPMAG2); \
	MOVW $0xc2d00000, R10 /* expMin */; \
	VDUP R10, V16.S4; \
	MOVW $0x42b20000, R10 /* expMax */; \
	VDUP R10, V17.S4; \
	MOVW $127, R10; \
	VDUP R10, V29.S4

// EXP4 sets V1 = exp32(V0) on four lanes by exp32's general path, operation
// for operation: xc = min(max(x, expMin), expMax) (a NaN stays NaN),
// reduction and p = 1 + r q, then p scaled by 2^n in two exact halves,
// (p * 2^n1) * 2^n2 with n1 = ni >> 1 (arithmetic), n2 = ni - n1 and
// ni = bits(k) - expBias2. exp32's fast path (|x| <= 87) gives the same
// bits: the result is normal, so both round p*2^n once. Clobbers V3..V9.
// Needs EXP4_CONSTS.
#define EXP4 \
	WORD $0x4e30f404 /* fmax v4.4s, v0.4s, v16.4s */; \
	WORD $0x4eb1f484 /* fmin v4.4s, v4.4s, v17.4s */; \
	EXP_REDUCE; \
	EXP_POLY; \
	VMOV  V27.B16, V9.B16; \
	VFMLA V8.S4, V7.S4, V9.S4; \
	VSUB  V19.S4, V5.S4, V6.S4; \
	WORD $0x4f3f04c3 /* sshr v3.4s, v6.4s, #1 */; \
	VSUB  V3.S4, V6.S4, V6.S4; \
	VADD  V29.S4, V3.S4, V3.S4; \
	VSHL  $23, V3.S4, V3.S4; \
	VADD  V29.S4, V6.S4, V6.S4; \
	VSHL  $23, V6.S4, V6.S4; \
	WORD $0x6e23dd29 /* fmul v9.4s, v9.4s, v3.4s */; \
	WORD $0x6e26dd21 /* fmul v1.4s, v9.4s, v6.4s */

// SIGMOID4 sets V1 = sigmoid32(V0) on four lanes, operation for operation
// (elementwise_generic.go): d = max(-|x|, expMin), reduction and q as in
// EXP4, p = fma(q, r, 1) and its error pl = fma(q, r, 1 - p), both scaled
// by 2^n in two exact halves (e, el), the corrected quotient, and both
// results, selected by the sign bit of x. Clobbers V2..V10. Needs
// EXP4_CONSTS.
#define SIGMOID4 \
	WORD $0x4ea0f804 /* fabs v4.4s, v0.4s */; \
	WORD $0x6ea0f884 /* fneg v4.4s, v4.4s */; \
	WORD $0x4e30f484 /* fmax v4.4s, v4.4s, v16.4s */; \
	EXP_REDUCE; \
	EXP_POLY; \
	VMOV  V27.B16, V9.B16 /* p = fma(q, r, 1) */; \
	VFMLA V8.S4, V7.S4, V9.S4; \
	WORD $0x4ea9d763 /* fsub v3.4s, v27.4s, v9.4s */; \
	VFMLA V8.S4, V7.S4, V3.S4 /* pl = fma(q, r, 1 - p) */; \
	VSUB  V19.S4, V5.S4, V6.S4 /* n1 = ni >> 1, n2 = ni - n1 */; \
	WORD $0x4f3f04ca /* sshr v10.4s, v6.4s, #1 */; \
	VSUB  V10.S4, V6.S4, V6.S4; \
	VADD  V29.S4, V10.S4, V10.S4 /* s1 = 2^n1, s2 = 2^n2 */; \
	VSHL  $23, V10.S4, V10.S4; \
	VADD  V29.S4, V6.S4, V6.S4; \
	VSHL  $23, V6.S4, V6.S4; \
	WORD $0x6e2add29 /* fmul v9.4s, v9.4s, v10.4s */; \
	WORD $0x6e26dd29 /* fmul v9.4s, v9.4s, v6.4s */; \
	WORD $0x6e2adc63 /* fmul v3.4s, v3.4s, v10.4s */; \
	WORD $0x6e26dc63 /* fmul v3.4s, v3.4s, v6.4s */; \
	WORD $0x4e29d764 /* fadd v4.4s, v27.4s, v9.4s */; \
	WORD $0x4ea4d765 /* fsub v5.4s, v27.4s, v4.4s */; \
	WORD $0x4e29d4a5 /* fadd v5.4s, v5.4s, v9.4s */; \
	WORD $0x6e24fd26 /* fdiv v6.4s, v9.4s, v4.4s */; \
	VFMLS V6.S4, V4.S4, V9.S4 /* c = e - z0 D - z0 Dl + el h */; \
	WORD $0x4ea6d767 /* fsub v7.4s, v27.4s, v6.4s */; \
	VFMLS V6.S4, V5.S4, V9.S4; \
	VFMLA V3.S4, V7.S4, V9.S4; \
	VMOV  V6.B16, V2.B16 /* negative x: fma(c, h, z0) */; \
	VFMLA V9.S4, V7.S4, V2.S4; \
	WORD $0x4ea7d768 /* fsub v8.4s, v27.4s, v7.4s */; \
	WORD $0x4ea6d508 /* fsub v8.4s, v8.4s, v6.4s */; \
	VFMLS V9.S4, V7.S4, V8.S4 /* otherwise: h + fma(-c, h, (1 - h) - z0) */; \
	WORD $0x4e28d4e8 /* fadd v8.4s, v7.4s, v8.4s */; \
	WORD $0x4f21040a /* sshr v10.4s, v0.4s, #31 */; \
	WORD $0x6e681c4a /* bsl v10.16b, v2.16b, v8.16b */; \
	VMOV  V10.B16, V1.B16

// The cell kernels (lstm_neon_arm64.s, gru_neon_arm64.s) need SIGMOID4 and
// a tanh in one loop: CELL_CONSTS broadcasts EXP4_CONSTS and tanh's own
// constants into the registers that neither macro uses as temporaries, and
// the magic constant in V19 is switched between the two (SET_MAGIC; tanh's
// reduction rounds with 0x1.8p23, exp's with 0x1.8p23 + 127, which can
// round a tie the other way). Tanh's constants: 2 in V11, tanhT0 in V12,
// tanhT1 in V13, tanhPolyMax in V14, tanhMax in V15, expBias - 127 in V17,
// tanhT4 in V28, tanhT3 in V30, tanhT2 in V31. Clobbers R10.
#define CELL_CONSTS \
	EXP4_CONSTS; \
	MOVW $0x40000000, R10 /* 2 */; \
	VDUP R10, V11.S4; \
	MOVW $0xbeaaaa99, R10 /* tanhT0 */; \
	VDUP R10, V12.S4; \
	MOVW $0x3e088393, R10 /* tanhT1 */; \
	VDUP R10, V13.S4; \
	MOVW $0x3f200000, R10 /* tanhPolyMax */; \
	VDUP R10, V14.S4; \
	MOVW $0x41180000, R10 /* tanhMax */; \
	VDUP R10, V15.S4; \
	MOVW $0x4b3fff81, R10 /* expBias - 127 */; \
	VDUP R10, V17.S4; \
	MOVW $0xbbbaf0e7, R10 /* tanhT4 */; \
	VDUP R10, V28.S4; \
	MOVW $0x3ca9134e, R10 /* tanhT3 */; \
	VDUP R10, V30.S4; \
	MOVW $0xbd5c1e2d, R10 /* tanhT2 */; \
	VDUP R10, V31.S4

// SET_MAGIC sets V19 to the magic constant (EXPMAG for TANH4, EXPMAG2 for
// SIGMOID4). Clobbers R10.
#define SET_MAGIC(magic) \
	MOVW magic, R10; \
	VDUP R10, V19.S4

// TANH4 sets V1 = tanh32(V0) on four lanes, as tanhNEON does, with the
// constants of CELL_CONSTS and EXPMAG in V19; keeps V0, clobbers V2..V9.
#define TANH4 \
	WORD $0x4ea0f801 /* fabs v1.4s, v0.4s */; \
	WORD $0x6e211c02 /* eor v2.16b, v0.16b, v1.16b */; \
	WORD $0x6e21dc23 /* fmul v3.4s, v1.4s, v1.4s */; \
	VMOV  V30.B16, V4.B16 /* small branch: fma(a, z T(z), a) */; \
	VFMLA V28.S4, V3.S4, V4.S4; \
	VMOV  V31.B16, V5.B16; \
	VFMLA V4.S4, V3.S4, V5.S4; \
	VMOV  V13.B16, V4.B16; \
	VFMLA V5.S4, V3.S4, V4.S4; \
	VMOV  V12.B16, V5.B16; \
	VFMLA V4.S4, V3.S4, V5.S4; \
	WORD $0x6e25dc65 /* fmul v5.4s, v3.4s, v5.4s */; \
	VMOV  V1.B16, V3.B16; \
	VFMLA V5.S4, V1.S4, V3.S4; \
	WORD $0x4eaff424 /* fmin v4.4s, v1.4s, v15.4s */; \
	WORD $0x4e24d484 /* fadd v4.4s, v4.4s, v4.4s */; \
	EXP_REDUCE; \
	EXP_POLY; \
	VSUB  V17.S4, V5.S4, V6.S4 /* large branch: 1 - 2/fma(s r, q, s + 1) */; \
	VSHL  $23, V6.S4, V6.S4; \
	WORD $0x6e27dcc7 /* fmul v7.4s, v6.4s, v7.4s */; \
	WORD $0x4e3bd4c6 /* fadd v6.4s, v6.4s, v27.4s */; \
	VFMLA V8.S4, V7.S4, V6.S4; \
	WORD $0x6e26fd66 /* fdiv v6.4s, v11.4s, v6.4s */; \
	WORD $0x4ea6d766 /* fsub v6.4s, v27.4s, v6.4s */; \
	WORD $0x6ea1e5c4 /* fcmgt v4.4s, v14.4s, v1.4s */; \
	VBIT  V4.B16, V3.B16, V6.B16; \
	VORR  V2.B16, V6.B16, V1.B16

// Loads and stores of the cell kernels' bodies: four units (LDV, STV) or
// the unit in lane 0 (LD1, ST1; the other lanes keep stale values, whose
// results are not stored).
#define LDV(p, v) VLD1 (p), [v.S4]
#define STV(v, p) VST1 [v.S4], (p)
#define LD1(p, v) VLD1 (p), v.S[0]
#define ST1(v, p) VST1 v.S[0], (p)
