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

// func clipNEON(x []float32, c float32)
TEXT ·clipNEON(SB), NOSPLIT, $0-28
	MOVD  x_base+0(FP), R0
	MOVD  x_len+8(FP), R9
	FMOVS c+24(FP), F31
	FNEGS F31, F30
	VDUP  V31.S[0], V31.S4
	VDUP  V30.S[0], V30.S4
	MOVD  R0, R1
	SUBS  $8, R9, R9
	BMI   l4

l8:
	// x[i:i+8] = min(max(x, -c), c); NaN stays NaN
	VLD1.P 32(R0), [V0.S4, V1.S4]
	WORD $0x4e3ef400 // fmax v0.4s, v0.4s, v30.4s
	WORD $0x4e3ef421 // fmax v1.4s, v1.4s, v30.4s
	WORD $0x4ebff400 // fmin v0.4s, v0.4s, v31.4s
	WORD $0x4ebff421 // fmin v1.4s, v1.4s, v31.4s
	VST1.P [V0.S4, V1.S4], 32(R1)
	SUBS   $8, R9, R9
	BPL    l8

l4:
	ADDS   $4, R9, R9
	BMI    l1
	VLD1.P 16(R0), [V0.S4]
	WORD $0x4e3ef400 // fmax v0.4s, v0.4s, v30.4s
	WORD $0x4ebff400 // fmin v0.4s, v0.4s, v31.4s
	VST1.P [V0.S4], 16(R1)
	SUBS   $4, R9, R9

l1:
	ADDS $4, R9, R9
	BEQ  done

l1loop:
	FMOVS.P 4(R0), F0
	FMAXS   F30, F0, F0
	FMINS   F31, F0, F0
	FMOVS.P F0, 4(R1)
	SUBS    $1, R9, R9
	BNE     l1loop

done:
	RET

// func sumSquaresNEON(x []float32) float32
TEXT ·sumSquaresNEON(SB), NOSPLIT, $0-28
	MOVD x_base+0(FP), R0
	MOVD x_len+8(FP), R2
	VEOR V16.B16, V16.B16, V16.B16
	VEOR V17.B16, V17.B16, V17.B16
	VEOR V18.B16, V18.B16, V18.B16
	VEOR V19.B16, V19.B16, V19.B16
	VEOR V20.B16, V20.B16, V20.B16
	VEOR V21.B16, V21.B16, V21.B16
	VEOR V22.B16, V22.B16, V22.B16
	VEOR V23.B16, V23.B16, V23.B16
	VEOR V24.B16, V24.B16, V24.B16
	SUBS $32, R2, R2
	BMI  loop4

loop32:
	// V16..V23 += x[i:i+32]^2
	VLD1.P 64(R0), [V0.S4, V1.S4, V2.S4, V3.S4]
	VLD1.P 64(R0), [V4.S4, V5.S4, V6.S4, V7.S4]
	VFMLA  V0.S4, V0.S4, V16.S4
	VFMLA  V1.S4, V1.S4, V17.S4
	VFMLA  V2.S4, V2.S4, V18.S4
	VFMLA  V3.S4, V3.S4, V19.S4
	VFMLA  V4.S4, V4.S4, V20.S4
	VFMLA  V5.S4, V5.S4, V21.S4
	VFMLA  V6.S4, V6.S4, V22.S4
	VFMLA  V7.S4, V7.S4, V23.S4
	SUBS   $32, R2, R2
	BPL    loop32

loop4:
	// V16 += x[i:i+4]^2 while 4 elements remain
	ADDS $28, R2, R2
	BMI  tail

loop4body:
	VLD1.P 16(R0), [V0.S4]
	VFMLA  V0.S4, V0.S4, V16.S4
	SUBS   $4, R2, R2
	BPL    loop4body

tail:
	// F24 += x[i]^2 for the last 0..3 elements
	ADDS $4, R2, R2
	BEQ  reduce

tailloop:
	FMOVS.P 4(R0), F0
	FMADDS  F0, F24, F0, F24
	SUBS    $1, R2, R2
	BNE     tailloop

reduce:
	// F16 = horizontal sum of V16..V23, plus F24
	WORD $0x4e31d610 // fadd v16.4s, v16.4s, v17.4s
	WORD $0x4e33d652 // fadd v18.4s, v18.4s, v19.4s
	WORD $0x4e35d694 // fadd v20.4s, v20.4s, v21.4s
	WORD $0x4e37d6d6 // fadd v22.4s, v22.4s, v23.4s
	WORD $0x4e32d610 // fadd v16.4s, v16.4s, v18.4s
	WORD $0x4e36d694 // fadd v20.4s, v20.4s, v22.4s
	WORD $0x4e34d610 // fadd v16.4s, v16.4s, v20.4s
	WORD $0x6e30d610 // faddp v16.4s, v16.4s, v16.4s
	WORD $0x7e30da10 // faddp s16, v16.2s
	FADDS F24, F16, F16
	FMOVS F16, ret+24(FP)
	RET
