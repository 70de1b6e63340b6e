//go:build arm64 && !purego && !noasm

#include "textflag.h"

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
