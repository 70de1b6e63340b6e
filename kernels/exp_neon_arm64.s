//go:build arm64 && !purego && !noasm

#include "textflag.h"

// func expNEON(dst, src []float32)
TEXT ·expNEON(SB), NOSPLIT, $0-48
	MOVD dst_base+0(FP), R1
	MOVD src_base+24(FP), R0
	MOVD src_len+32(FP), R2
	CBZ  R2, done

	// constants of expGeneric, broadcast
	MOVW $0xc2d00000, R10 // expMin = -104
	VDUP R10, V16.S4
	MOVW $0x42b20000, R10 // expMax = 89
	VDUP R10, V17.S4
	MOVW $0x3fb8aa3b, R10 // log2e
	VDUP R10, V18.S4
	MOVW $0x4b40007f, R10 // expMag2 = 0x1.8p23 + 127, also expBias2 as an integer
	VDUP R10, V19.S4
	MOVW $0xbf318000, R10 // -ln2Hi
	VDUP R10, V20.S4
	MOVW $0x395e8083, R10 // -ln2Lo
	VDUP R10, V21.S4
	MOVW $0x3ab51202, R10 // expC6
	VDUP R10, V22.S4
	MOVW $0x3c091d00, R10 // expC5
	VDUP R10, V23.S4
	MOVW $0x3d2aac79, R10 // expC4
	VDUP R10, V24.S4
	MOVW $0x3e2aaa49, R10 // expC3
	VDUP R10, V25.S4
	MOVW $0x3efffffe, R10 // expC2
	VDUP R10, V26.S4
	MOVW $0x3f800000, R10 // 1
	VDUP R10, V27.S4
	MOVW $127, R10        // exponent bias
	VDUP R10, V29.S4

loop:
	// V0 = src[i:i+4], or the last 1..3 elements in lanes 0..2 (R2 < 0)
	SUBS   $4, R2, R2
	BMI    partial
	VLD1.P 16(R0), [V0.S4]

compute:
	// V1 = xc = min(max(x, expMin), expMax); a NaN stays NaN
	WORD $0x4e30f401 // fmax v1.4s, v0.4s, v16.4s
	WORD $0x4eb1f421 // fmin v1.4s, v1.4s, v17.4s

	// V2 = k = fma(xc, log2e, expMag2); V3 = n = k - expMag2
	VMOV  V19.B16, V2.B16
	VFMLA V18.S4, V1.S4, V2.S4
	WORD $0x4eb3d443 // fsub v3.4s, v2.4s, v19.4s

	// V4 = r = fma(n, -ln2Lo, fma(n, -ln2Hi, xc))
	VMOV  V1.B16, V4.B16
	VFMLA V20.S4, V3.S4, V4.S4
	VFMLA V21.S4, V3.S4, V4.S4

	// V6 = p = fma(fma(P(r), r, 1), r, 1), P by Horner from expC6
	VMOV  V23.B16, V5.B16
	VFMLA V22.S4, V4.S4, V5.S4
	VMOV  V24.B16, V6.B16
	VFMLA V5.S4, V4.S4, V6.S4
	VMOV  V25.B16, V5.B16
	VFMLA V6.S4, V4.S4, V5.S4
	VMOV  V26.B16, V6.B16
	VFMLA V5.S4, V4.S4, V6.S4
	VMOV  V27.B16, V5.B16
	VFMLA V6.S4, V4.S4, V5.S4
	VMOV  V27.B16, V6.B16
	VFMLA V5.S4, V4.S4, V6.S4

	// V8 = s1 = 2^n1, V7 = s2 = 2^n2 with ni = bits(k) - expBias2,
	// n1 = ni >> 1 (arithmetic), n2 = ni - n1
	VSUB V19.S4, V2.S4, V7.S4
	WORD $0x4f3f04e8 // sshr v8.4s, v7.4s, #1
	VSUB V8.S4, V7.S4, V7.S4
	VADD V29.S4, V8.S4, V8.S4
	VSHL $23, V8.S4, V8.S4
	VADD V29.S4, V7.S4, V7.S4
	VSHL $23, V7.S4, V7.S4

	// V1 = (p * s1) * s2
	WORD $0x6e28dcc6 // fmul v6.4s, v6.4s, v8.4s
	WORD $0x6e27dcc1 // fmul v1.4s, v6.4s, v7.4s

	// store 4 results, or the last 1..3
	TBNZ   $63, R2, partialstore
	VST1.P [V1.S4], 16(R1)
	CBNZ   R2, loop
	RET

partial:
	// lanes 0..R3-1 = the last R3 = 1..3 elements, the others 0
	ADD    $4, R2, R3
	VEOR   V0.B16, V0.B16, V0.B16
	VLD1.P 4(R0), V0.S[0]
	CMP    $2, R3
	BLT    compute
	VLD1.P 4(R0), V0.S[1]
	CMP    $3, R3
	BLT    compute
	VLD1   (R0), V0.S[2]
	B      compute

partialstore:
	VST1.P V1.S[0], 4(R1)
	CMP    $2, R3
	BLT    done
	VST1.P V1.S[1], 4(R1)
	CMP    $3, R3
	BLT    done
	VST1   V1.S[2], (R1)

done:
	RET
