//go:build arm64 && !purego && !noasm

#include "textflag.h"

// func dotNEON(x, y []float32) float32
TEXT ·dotNEON(SB), NOSPLIT, $0-52
	MOVD x_base+0(FP), R0
	MOVD x_len+8(FP), R2
	MOVD y_base+24(FP), R1
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
	// V16..V23 += x[i:i+32] * y[i:i+32]
	VLD1.P 64(R0), [V0.S4, V1.S4, V2.S4, V3.S4]
	VLD1.P 64(R0), [V4.S4, V5.S4, V6.S4, V7.S4]
	VLD1.P 64(R1), [V8.S4, V9.S4, V10.S4, V11.S4]
	VLD1.P 64(R1), [V12.S4, V13.S4, V14.S4, V15.S4]
	VFMLA  V0.S4, V8.S4, V16.S4
	VFMLA  V1.S4, V9.S4, V17.S4
	VFMLA  V2.S4, V10.S4, V18.S4
	VFMLA  V3.S4, V11.S4, V19.S4
	VFMLA  V4.S4, V12.S4, V20.S4
	VFMLA  V5.S4, V13.S4, V21.S4
	VFMLA  V6.S4, V14.S4, V22.S4
	VFMLA  V7.S4, V15.S4, V23.S4
	SUBS   $32, R2, R2
	BPL    loop32

loop4:
	// V16 += x[i:i+4] * y[i:i+4] while 4 elements remain
	ADD    $28, R2, R2
	TBNZ   $63, R2, tail

loop4body:
	VLD1.P 16(R0), [V0.S4]
	VLD1.P 16(R1), [V8.S4]
	VFMLA  V0.S4, V8.S4, V16.S4
	SUBS   $4, R2, R2
	BPL    loop4body

tail:
	// F24 += x[i] * y[i] for the last 0..3 elements, one at a time
	ADDS $4, R2, R2
	BEQ  reduce

tailloop:
	FMOVS.P 4(R0), F0
	FMOVS.P 4(R1), F8
	FMADDS  F0, F24, F8, F24
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
	FMOVS F16, ret+48(FP)
	RET
