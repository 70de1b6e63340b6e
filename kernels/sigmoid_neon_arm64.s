//go:build arm64 && !purego && !noasm

#include "textflag.h"
#include "elem_neon_arm64.h"

// func sigmoidNEON(dst, src []float32)
TEXT ·sigmoidNEON(SB), NOSPLIT, $0-48
	MOVD dst_base+0(FP), R1
	MOVD src_base+24(FP), R0
	MOVD src_len+32(FP), R2
	CBZ  R2, done

	EXP4_CONSTS

loop:
	// V0 = src[i:i+4], or the last 1..3 elements in lanes 0..2 (R2 < 0)
	SUBS   $4, R2, R2
	BMI    partial
	VLD1.P 16(R0), [V0.S4]

compute:
	// V1 = sigmoid32(V0)
	SIGMOID4

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
