//go:build arm64 && !purego && !noasm

#include "textflag.h"

// func scaleNEON(alpha float32, x []float32)
TEXT ·scaleNEON(SB), NOSPLIT, $0-32
	FMOVS alpha+0(FP), F31
	MOVD  x_base+8(FP), R0
	MOVD  x_len+16(FP), R2
	MOVD  R0, R3
	SUBS  $16, R2, R2
	BMI   loop4

loop16:
	// x[i:i+16] *= alpha
	VLD1.P 64(R0), [V0.S4, V1.S4, V2.S4, V3.S4]
	WORD $0x4f9f9000 // fmul v0.4s, v0.4s, v31.s[0]
	WORD $0x4f9f9021 // fmul v1.4s, v1.4s, v31.s[0]
	WORD $0x4f9f9042 // fmul v2.4s, v2.4s, v31.s[0]
	WORD $0x4f9f9063 // fmul v3.4s, v3.4s, v31.s[0]
	VST1.P [V0.S4, V1.S4, V2.S4, V3.S4], 64(R3)
	SUBS   $16, R2, R2
	BPL    loop16

loop4:
	// x[i:i+4] *= alpha while 4 elements remain
	ADDS $12, R2, R2
	BMI  tail

loop4body:
	VLD1.P 16(R0), [V0.S4]
	WORD $0x4f9f9000 // fmul v0.4s, v0.4s, v31.s[0]
	VST1.P [V0.S4], 16(R3)
	SUBS   $4, R2, R2
	BPL    loop4body

tail:
	// x[i] *= alpha for the last 0..3 elements
	ADDS $4, R2, R2
	BEQ  done

tailloop:
	FMOVS   (R3), F0
	FMULS   F31, F0, F0
	FMOVS.P F0, 4(R3)
	SUBS    $1, R2, R2
	BNE     tailloop

done:
	RET
