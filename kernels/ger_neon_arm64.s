//go:build arm64 && !purego && !noasm

#include "textflag.h"

// func gerNEON(w []float32, alpha float32, x, y []float32)
TEXT ·gerNEON(SB), NOSPLIT, $0-80
	MOVD  w_base+0(FP), R3
	FMOVS alpha+24(FP), F29
	MOVD  x_base+32(FP), R4
	MOVD  x_len+40(FP), R5
	MOVD  y_base+56(FP), R6
	MOVD  y_len+64(FP), R7
	CBZ   R5, done
	CBZ   R7, done

row:
	// F31 = alpha * x[i], broadcast to V30; R0 = y, R1 = R3 = row i of W
	FMOVS.P 4(R4), F28
	FMULS   F28, F29, F31
	VDUP    V31.S[0], V30.S4
	MOVD    R6, R0
	MOVD    R3, R1
	SUBS    $16, R7, R2
	BMI     loop4

loop16:
	// w[i, j:j+16] += a * y[j:j+16]
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
	// w[i, j:j+4] += a * y[j:j+4] while 4 elements remain
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
	// w[i, j] += a * y[j] for the last 0..3 elements; R3 ends at row i+1
	ADDS $4, R2, R2
	BEQ  next

tailloop:
	FMOVS.P 4(R0), F0
	FMOVS   (R3), F4
	FMADDS  F0, F4, F31, F4
	FMOVS.P F4, 4(R3)
	SUBS    $1, R2, R2
	BNE     tailloop

next:
	SUBS $1, R5, R5
	BNE  row

done:
	RET
