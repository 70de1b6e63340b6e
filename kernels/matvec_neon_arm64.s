//go:build arm64 && !purego && !noasm

#include "textflag.h"

// func matVecNEON(y, w, x []float32, add bool)
TEXT ·matVecNEON(SB), NOSPLIT, $0-73
	MOVD  y_base+0(FP), R0
	MOVD  y_len+8(FP), R1
	MOVD  w_base+24(FP), R2
	MOVD  x_base+48(FP), R3
	MOVD  x_len+56(FP), R4
	MOVBU add+72(FP), R5
	LSL   $2, R4, R6
	SUBS  $4, R1, R1
	BMI   rows1

rows4:
	// R7..R10 = rows i..i+3 of W; V16..V23 = two accumulators per row
	MOVD R2, R7
	ADD  R6, R7, R8
	ADD  R6, R8, R9
	ADD  R6, R9, R10
	MOVD R3, R11
	VEOR V16.B16, V16.B16, V16.B16
	VEOR V17.B16, V17.B16, V17.B16
	VEOR V18.B16, V18.B16, V18.B16
	VEOR V19.B16, V19.B16, V19.B16
	VEOR V20.B16, V20.B16, V20.B16
	VEOR V21.B16, V21.B16, V21.B16
	VEOR V22.B16, V22.B16, V22.B16
	VEOR V23.B16, V23.B16, V23.B16
	VEOR V24.B16, V24.B16, V24.B16
	VEOR V25.B16, V25.B16, V25.B16
	VEOR V26.B16, V26.B16, V26.B16
	VEOR V27.B16, V27.B16, V27.B16
	SUBS $8, R4, R12
	BMI  q4

q8:
	// row r accumulators += w[i+r, j:j+8] * x[j:j+8]
	VLD1.P 32(R11), [V0.S4, V1.S4]
	VLD1.P 32(R7), [V2.S4, V3.S4]
	VLD1.P 32(R8), [V4.S4, V5.S4]
	VLD1.P 32(R9), [V6.S4, V7.S4]
	VLD1.P 32(R10), [V8.S4, V9.S4]
	VFMLA  V0.S4, V2.S4, V16.S4
	VFMLA  V1.S4, V3.S4, V17.S4
	VFMLA  V0.S4, V4.S4, V18.S4
	VFMLA  V1.S4, V5.S4, V19.S4
	VFMLA  V0.S4, V6.S4, V20.S4
	VFMLA  V1.S4, V7.S4, V21.S4
	VFMLA  V0.S4, V8.S4, V22.S4
	VFMLA  V1.S4, V9.S4, V23.S4
	SUBS   $8, R12, R12
	BPL    q8

q4:
	// 4 more columns if at least 4 remain
	ADDS   $4, R12, R12
	BMI    q1
	VLD1.P 16(R11), [V0.S4]
	VLD1.P 16(R7), [V2.S4]
	VLD1.P 16(R8), [V4.S4]
	VLD1.P 16(R9), [V6.S4]
	VLD1.P 16(R10), [V8.S4]
	VFMLA  V0.S4, V2.S4, V16.S4
	VFMLA  V0.S4, V4.S4, V18.S4
	VFMLA  V0.S4, V6.S4, V20.S4
	VFMLA  V0.S4, V8.S4, V22.S4
	SUBS   $4, R12, R12

q1:
	// the last 0..3 columns into scalar accumulators F24..F27
	ADDS $4, R12, R12
	BEQ  q4reduce

q1loop:
	FMOVS.P 4(R11), F0
	FMOVS.P 4(R7), F2
	FMOVS.P 4(R8), F4
	FMOVS.P 4(R9), F6
	FMOVS.P 4(R10), F8
	FMADDS  F0, F24, F2, F24
	FMADDS  F0, F25, F4, F25
	FMADDS  F0, F26, F6, F26
	FMADDS  F0, F27, F8, F27
	SUBS    $1, R12, R12
	BNE     q1loop

q4reduce:
	// V16 = the four rows' sums, + y[i:i+4] if add; store; next 4 rows
	WORD $0x4e31d610 // fadd v16.4s, v16.4s, v17.4s
	WORD $0x4e33d652 // fadd v18.4s, v18.4s, v19.4s
	WORD $0x4e35d694 // fadd v20.4s, v20.4s, v21.4s
	WORD $0x4e37d6d6 // fadd v22.4s, v22.4s, v23.4s
	WORD $0x6e32d610 // faddp v16.4s, v16.4s, v18.4s
	WORD $0x6e36d694 // faddp v20.4s, v20.4s, v22.4s
	WORD $0x6e34d610 // faddp v16.4s, v16.4s, v20.4s
	VMOV V25.S[0], V24.S[1]
	VMOV V26.S[0], V24.S[2]
	VMOV V27.S[0], V24.S[3]
	WORD $0x4e38d610 // fadd v16.4s, v16.4s, v24.4s
	CBZ  R5, q4store
	VLD1 (R0), [V1.S4]
	WORD $0x4e21d610 // fadd v16.4s, v16.4s, v1.4s

q4store:
	VST1.P [V16.S4], 16(R0)
	MOVD   R10, R2
	SUBS   $4, R1, R1
	BPL    rows4

rows1:
	// the last 0..3 rows one at a time
	ADDS $4, R1, R1
	BEQ  done

row:
	VEOR V16.B16, V16.B16, V16.B16
	VEOR V17.B16, V17.B16, V17.B16
	VEOR V24.B16, V24.B16, V24.B16
	MOVD R3, R11
	SUBS $8, R4, R12
	BMI  r4

r8:
	// V16, V17 += w[i, j:j+8] * x[j:j+8]
	VLD1.P 32(R11), [V0.S4, V1.S4]
	VLD1.P 32(R2), [V2.S4, V3.S4]
	VFMLA  V0.S4, V2.S4, V16.S4
	VFMLA  V1.S4, V3.S4, V17.S4
	SUBS   $8, R12, R12
	BPL    r8

r4:
	ADDS   $4, R12, R12
	BMI    r1
	VLD1.P 16(R11), [V0.S4]
	VLD1.P 16(R2), [V2.S4]
	VFMLA  V0.S4, V2.S4, V16.S4
	SUBS   $4, R12, R12

r1:
	ADDS $4, R12, R12
	BEQ  rreduce

r1loop:
	FMOVS.P 4(R11), F0
	FMOVS.P 4(R2), F2
	FMADDS  F0, F24, F2, F24
	SUBS    $1, R12, R12
	BNE     r1loop

rreduce:
	// y[i] = sum of V16, V17 and F24 (+ y[i] if add)
	WORD $0x4e31d610 // fadd v16.4s, v16.4s, v17.4s
	WORD $0x6e30d610 // faddp v16.4s, v16.4s, v16.4s
	WORD $0x7e30da10 // faddp s16, v16.2s
	FADDS F24, F16, F16
	CBZ   R5, rstore
	FMOVS (R0), F1
	FADDS F1, F16, F16

rstore:
	FMOVS.P F16, 4(R0)
	SUBS    $1, R1, R1
	BNE     row

done:
	RET

// func matVecTNEONAdd(y, w, x []float32)
TEXT ·matVecTNEONAdd(SB), NOSPLIT, $0-72
	MOVD y_base+0(FP), R0
	MOVD y_len+8(FP), R1
	MOVD w_base+24(FP), R2
	MOVD x_base+48(FP), R3
	MOVD x_len+56(FP), R4
	CBZ  R1, done
	LSL  $2, R1, R6
	SUBS $4, R4, R4
	BMI  rows1

rows4:
	// F20..F23 = x[i..i+3], broadcast to V24..V27; R7..R10 = rows i..i+3
	FMOVS.P 4(R3), F20
	FMOVS.P 4(R3), F21
	FMOVS.P 4(R3), F22
	FMOVS.P 4(R3), F23
	VDUP    V20.S[0], V24.S4
	VDUP    V21.S[0], V25.S4
	VDUP    V22.S[0], V26.S4
	VDUP    V23.S[0], V27.S4
	MOVD    R2, R7
	ADD     R6, R7, R8
	ADD     R6, R8, R9
	ADD     R6, R9, R10
	MOVD    R0, R11
	MOVD    R0, R13
	SUBS    $16, R1, R12
	BMI     q4

q16:
	// y[j:j+16] += x[i+r] * w[i+r, j:j+16] for r = 0..3, in that order
	VLD1.P 64(R11), [V0.S4, V1.S4, V2.S4, V3.S4]
	VLD1.P 64(R7), [V4.S4, V5.S4, V6.S4, V7.S4]
	VLD1.P 64(R8), [V8.S4, V9.S4, V10.S4, V11.S4]
	VLD1.P 64(R9), [V12.S4, V13.S4, V14.S4, V15.S4]
	VLD1.P 64(R10), [V16.S4, V17.S4, V18.S4, V19.S4]
	VFMLA  V24.S4, V4.S4, V0.S4
	VFMLA  V24.S4, V5.S4, V1.S4
	VFMLA  V24.S4, V6.S4, V2.S4
	VFMLA  V24.S4, V7.S4, V3.S4
	VFMLA  V25.S4, V8.S4, V0.S4
	VFMLA  V25.S4, V9.S4, V1.S4
	VFMLA  V25.S4, V10.S4, V2.S4
	VFMLA  V25.S4, V11.S4, V3.S4
	VFMLA  V26.S4, V12.S4, V0.S4
	VFMLA  V26.S4, V13.S4, V1.S4
	VFMLA  V26.S4, V14.S4, V2.S4
	VFMLA  V26.S4, V15.S4, V3.S4
	VFMLA  V27.S4, V16.S4, V0.S4
	VFMLA  V27.S4, V17.S4, V1.S4
	VFMLA  V27.S4, V18.S4, V2.S4
	VFMLA  V27.S4, V19.S4, V3.S4
	VST1.P [V0.S4, V1.S4, V2.S4, V3.S4], 64(R13)
	SUBS   $16, R12, R12
	BPL    q16

q4:
	// 4 columns at a time while 4 remain
	ADDS $12, R12, R12
	BMI  q1

q4loop:
	VLD1.P 16(R11), [V0.S4]
	VLD1.P 16(R7), [V4.S4]
	VLD1.P 16(R8), [V8.S4]
	VLD1.P 16(R9), [V12.S4]
	VLD1.P 16(R10), [V16.S4]
	VFMLA  V24.S4, V4.S4, V0.S4
	VFMLA  V25.S4, V8.S4, V0.S4
	VFMLA  V26.S4, V12.S4, V0.S4
	VFMLA  V27.S4, V16.S4, V0.S4
	VST1.P [V0.S4], 16(R13)
	SUBS   $4, R12, R12
	BPL    q4loop

q1:
	// the last 0..3 columns, scalar
	ADDS $4, R12, R12
	BEQ  qnext

q1loop:
	FMOVS.P 4(R11), F0
	FMOVS.P 4(R7), F4
	FMOVS.P 4(R8), F8
	FMOVS.P 4(R9), F12
	FMOVS.P 4(R10), F16
	FMADDS  F4, F0, F20, F0
	FMADDS  F8, F0, F21, F0
	FMADDS  F12, F0, F22, F0
	FMADDS  F16, F0, F23, F0
	FMOVS.P F0, 4(R13)
	SUBS    $1, R12, R12
	BNE     q1loop

qnext:
	// R10 ends at row i+4
	MOVD R10, R2
	SUBS $4, R4, R4
	BPL  rows4

rows1:
	// the last 0..3 rows one at a time
	ADDS $4, R4, R4
	BEQ  done

row:
	FMOVS.P 4(R3), F20
	VDUP    V20.S[0], V24.S4
	MOVD    R0, R11
	MOVD    R0, R13
	SUBS    $16, R1, R12
	BMI     r4

r16:
	// y[j:j+16] += x[i] * w[i, j:j+16]
	VLD1.P 64(R11), [V0.S4, V1.S4, V2.S4, V3.S4]
	VLD1.P 64(R2), [V4.S4, V5.S4, V6.S4, V7.S4]
	VFMLA  V24.S4, V4.S4, V0.S4
	VFMLA  V24.S4, V5.S4, V1.S4
	VFMLA  V24.S4, V6.S4, V2.S4
	VFMLA  V24.S4, V7.S4, V3.S4
	VST1.P [V0.S4, V1.S4, V2.S4, V3.S4], 64(R13)
	SUBS   $16, R12, R12
	BPL    r16

r4:
	ADDS $12, R12, R12
	BMI  r1

r4loop:
	VLD1.P 16(R11), [V0.S4]
	VLD1.P 16(R2), [V4.S4]
	VFMLA  V24.S4, V4.S4, V0.S4
	VST1.P [V0.S4], 16(R13)
	SUBS   $4, R12, R12
	BPL    r4loop

r1:
	ADDS $4, R12, R12
	BEQ  rnext

r1loop:
	FMOVS.P 4(R11), F0
	FMOVS.P 4(R2), F4
	FMADDS  F4, F0, F20, F0
	FMOVS.P F0, 4(R13)
	SUBS    $1, R12, R12
	BNE     r1loop

rnext:
	SUBS $1, R4, R4
	BNE  row

done:
	RET
