//go:build arm64 && !purego && !noasm

#include "textflag.h"

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
