//go:build arm64 && !purego && !noasm

#include "textflag.h"

// func axpyNEON(alpha float32, x, y []float32)
TEXT ·axpyNEON(SB), NOSPLIT, $0-56
	FMOVS alpha+0(FP), F31
	MOVD  x_base+8(FP), R0
	MOVD  x_len+16(FP), R2
	MOVD  y_base+32(FP), R1
	MOVD  R1, R3
	VDUP  V31.S[0], V30.S4
	SUBS  $16, R2, R2
	BMI   loop4

loop16:
	// y[i:i+16] += alpha * x[i:i+16]
	VLD1.P 64(R0), [V0.S4, V1.S4, V2.S4, V3.S4]
	VLD1.P 64(R1), [V4.S4, V5.S4, V6.S4, V7.S4]
	VFMLA  V30.S4, V0.S4, V4.S4
	VFMLA  V30.S4, V1.S4, V5.S4
	VFMLA  V30.S4, V2.S4, V6.S4
	VFMLA  V30.S4, V3.S4, V7.S4
	VST1.P [V4.S4, V5.S4, V6.S4, V7.S4], 64(R3)
	SUBS   $16, R2, R2
	BPL    loop16

loop4:
	// y[i:i+4] += alpha * x[i:i+4] while 4 elements remain
	ADDS $12, R2, R2
	BMI  tail

loop4body:
	VLD1.P 16(R0), [V0.S4]
	VLD1.P 16(R1), [V4.S4]
	VFMLA  V30.S4, V0.S4, V4.S4
	VST1.P [V4.S4], 16(R3)
	SUBS   $4, R2, R2
	BPL    loop4body

tail:
	// y[i] += alpha * x[i] for the last 0..3 elements
	ADDS $4, R2, R2
	BEQ  done

tailloop:
	FMOVS.P 4(R0), F0
	FMOVS   (R3), F4
	FMADDS  F0, F4, F31, F4
	FMOVS.P F4, 4(R3)
	SUBS    $1, R2, R2
	BNE     tailloop

done:
	RET
