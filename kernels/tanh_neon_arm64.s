//go:build arm64 && !purego && !noasm

#include "textflag.h"
#include "elem_neon_arm64.h"

// func tanhNEON(dst, src []float32)
TEXT ·tanhNEON(SB), NOSPLIT, $0-48
	MOVD dst_base+0(FP), R1
	MOVD src_base+24(FP), R0
	MOVD src_len+32(FP), R2
	CBZ  R2, done

	// constants of tanhGeneric and expReduce, broadcast
	EXP_CONSTS(EXPMAG)
	MOVW $0x80000000, R10 // sign bit
	VDUP R10, V12.S4
	MOVW $0x40000000, R10 // 2
	VDUP R10, V13.S4
	MOVW $0x3e088393, R10 // tanhT1
	VDUP R10, V14.S4
	MOVW $0xbeaaaa99, R10 // tanhT0
	VDUP R10, V15.S4
	MOVW $0x3f200000, R10 // tanhPolyMax = 0.625
	VDUP R10, V16.S4
	MOVW $0x41180000, R10 // tanhMax = 9.5
	VDUP R10, V17.S4
	MOVW $0x4b3fff81, R10 // expBias - 127 as an integer
	VDUP R10, V28.S4
	MOVW $0xbbbaf0e7, R10 // tanhT4
	VDUP R10, V29.S4
	MOVW $0x3ca9134e, R10 // tanhT3
	VDUP R10, V30.S4
	MOVW $0xbd5c1e2d, R10 // tanhT2
	VDUP R10, V31.S4

loop:
	// V0 = src[i:i+4], or the last 1..3 elements in lanes 0..2 (R2 < 0)
	SUBS   $4, R2, R2
	BMI    partial
	VLD1.P 16(R0), [V0.S4]

compute:
	// V1 = a = |x|, V2 = x's sign bit
	WORD $0x4ea0f801 // fabs v1.4s, v0.4s
	VAND V12.B16, V0.B16, V2.B16

	// small branch: V3 = fma(a, z T(z), a) with z = a*a
	WORD $0x6e21dc23 // fmul v3.4s, v1.4s, v1.4s
	VMOV  V30.B16, V4.B16
	VFMLA V29.S4, V3.S4, V4.S4
	VMOV  V31.B16, V5.B16
	VFMLA V4.S4, V3.S4, V5.S4
	VMOV  V14.B16, V4.B16
	VFMLA V5.S4, V3.S4, V4.S4
	VMOV  V15.B16, V5.B16
	VFMLA V4.S4, V3.S4, V5.S4
	WORD $0x6e25dc65 // fmul v5.4s, v3.4s, v5.4s
	VMOV  V1.B16, V3.B16
	VFMLA V5.S4, V1.S4, V3.S4

	// large branch: V4 = d = 2 min(a, tanhMax); V5 = k, V6 = n, V7 = r (expReduce)
	WORD $0x4eb1f424 // fmin v4.4s, v1.4s, v17.4s
	WORD $0x4e24d484 // fadd v4.4s, v4.4s, v4.4s
	EXP_REDUCE

	// V8 = q = 1 + r P(r), by Horner from expC6
	EXP_POLY

	// V6 = 1 - 2/fma(s r, q, s + 1) with s = 2^n from k's bits
	VSUB  V28.S4, V5.S4, V6.S4
	VSHL  $23, V6.S4, V6.S4
	WORD $0x6e27dcc7 // fmul v7.4s, v6.4s, v7.4s
	WORD $0x4e3bd4c6 // fadd v6.4s, v6.4s, v27.4s
	VFMLA V8.S4, V7.S4, V6.S4
	WORD $0x6e26fda6 // fdiv v6.4s, v13.4s, v6.4s
	WORD $0x4ea6d766 // fsub v6.4s, v27.4s, v6.4s

	// V1 = (a < tanhPolyMax ? small : large) | sign; NaN takes the large branch
	WORD $0x6ea1e604 // fcmgt v4.4s, v16.4s, v1.4s
	VBIT V4.B16, V3.B16, V6.B16
	VORR V2.B16, V6.B16, V1.B16

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

// func tanhBackwardNEON(dst, y, dy []float32)
TEXT ·tanhBackwardNEON(SB), NOSPLIT, $0-72
	MOVD  dst_base+0(FP), R0
	MOVD  dst_len+8(FP), R9
	MOVD  y_base+24(FP), R1
	MOVD  dy_base+48(FP), R2
	FMOVS $1.0, F27
	VDUP  V27.S[0], V27.S4
	SUBS  $8, R9, R9
	BMI   l4

l8:
	// dst[i:i+8] = dy * fma(-y, y, 1)
	VLD1.P 32(R1), [V0.S4, V1.S4]
	VLD1.P 32(R2), [V2.S4, V3.S4]
	VMOV   V27.B16, V4.B16
	VMOV   V27.B16, V5.B16
	VFMLS  V0.S4, V0.S4, V4.S4
	VFMLS  V1.S4, V1.S4, V5.S4
	WORD $0x6e24dc44 // fmul v4.4s, v2.4s, v4.4s
	WORD $0x6e25dc65 // fmul v5.4s, v3.4s, v5.4s
	VST1.P [V4.S4, V5.S4], 32(R0)
	SUBS   $8, R9, R9
	BPL    l8

l4:
	// 4 more if at least 4 remain
	ADDS   $4, R9, R9
	BMI    l1
	VLD1.P 16(R1), [V0.S4]
	VLD1.P 16(R2), [V2.S4]
	VMOV   V27.B16, V4.B16
	VFMLS  V0.S4, V0.S4, V4.S4
	WORD $0x6e24dc44 // fmul v4.4s, v2.4s, v4.4s
	VST1.P [V4.S4], 16(R0)
	SUBS   $4, R9, R9

l1:
	// the last 0..3 elements, scalar
	ADDS $4, R9, R9
	BEQ  done

l1loop:
	FMOVS.P 4(R1), F0
	FMOVS.P 4(R2), F2
	FMSUBS  F0, F27, F0, F4
	FMULS   F4, F2, F4
	FMOVS.P F4, 4(R0)
	SUBS    $1, R9, R9
	BNE     l1loop

done:
	RET
