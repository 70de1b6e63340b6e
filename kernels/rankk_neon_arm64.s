//go:build arm64 && !purego && !noasm

#include "textflag.h"

// func gerKNEON(w []float32, alpha float32, x, y []float32, rows, n, k, ldx int)
//
// R0 = row i of W, R1 = &x[i], R2 = y, R3 = rows left, R4 = n, R5 = k,
// R6 = ldx*4, R7 = n*4; per block: R8..R11 = W rows at column j, R12 =
// columns left, R13 = &y[j], R14/R15 = x/y walking over t, R19 = t left.
TEXT ·gerKNEON(SB), NOSPLIT, $0-112
	MOVD  w_base+0(FP), R0
	FMOVS alpha+24(FP), F31
	MOVD  x_base+32(FP), R1
	MOVD  y_base+56(FP), R2
	MOVD  rows+80(FP), R3
	MOVD  n+88(FP), R4
	MOVD  k+96(FP), R5
	MOVD  ldx+104(FP), R6
	LSL   $2, R6, R6
	LSL   $2, R4, R7
	SUBS  $4, R3, R3
	BMI   rows1

rows4:
	// rows i..i+3
	MOVD R0, R8
	ADD  R7, R8, R9
	ADD  R7, R9, R10
	ADD  R7, R10, R11
	MOVD R2, R13
	SUBS $8, R4, R12
	BMI  q4

q8:
	// V16..V23 = sum_t x[t, i+r] * y[t, j:j+8], two registers per row r
	VEOR V16.B16, V16.B16, V16.B16
	VEOR V17.B16, V17.B16, V17.B16
	VEOR V18.B16, V18.B16, V18.B16
	VEOR V19.B16, V19.B16, V19.B16
	VEOR V20.B16, V20.B16, V20.B16
	VEOR V21.B16, V21.B16, V21.B16
	VEOR V22.B16, V22.B16, V22.B16
	VEOR V23.B16, V23.B16, V23.B16
	MOVD R1, R14
	MOVD R13, R15
	MOVD R5, R19

q8t:
	VLD1.P (R15)(R7), [V0.S4, V1.S4]
	VLD1.P (R14)(R6), [V2.S4]
	WORD $0x4f821010 // fmla v16.4s, v0.4s, v2.s[0]
	WORD $0x4f821031 // fmla v17.4s, v1.4s, v2.s[0]
	WORD $0x4fa21012 // fmla v18.4s, v0.4s, v2.s[1]
	WORD $0x4fa21033 // fmla v19.4s, v1.4s, v2.s[1]
	WORD $0x4f821814 // fmla v20.4s, v0.4s, v2.s[2]
	WORD $0x4f821835 // fmla v21.4s, v1.4s, v2.s[2]
	WORD $0x4fa21816 // fmla v22.4s, v0.4s, v2.s[3]
	WORD $0x4fa21837 // fmla v23.4s, v1.4s, v2.s[3]
	SUBS   $1, R19, R19
	BNE    q8t

	// w[i+r, j:j+8] = fma(alpha, sums, w)
	VLD1   (R8), [V4.S4, V5.S4]
	VLD1   (R9), [V6.S4, V7.S4]
	VLD1   (R10), [V8.S4, V9.S4]
	VLD1   (R11), [V10.S4, V11.S4]
	WORD $0x4f9f1204 // fmla v4.4s, v16.4s, v31.s[0]
	WORD $0x4f9f1225 // fmla v5.4s, v17.4s, v31.s[0]
	WORD $0x4f9f1246 // fmla v6.4s, v18.4s, v31.s[0]
	WORD $0x4f9f1267 // fmla v7.4s, v19.4s, v31.s[0]
	WORD $0x4f9f1288 // fmla v8.4s, v20.4s, v31.s[0]
	WORD $0x4f9f12a9 // fmla v9.4s, v21.4s, v31.s[0]
	WORD $0x4f9f12ca // fmla v10.4s, v22.4s, v31.s[0]
	WORD $0x4f9f12eb // fmla v11.4s, v23.4s, v31.s[0]
	VST1.P [V4.S4, V5.S4], 32(R8)
	VST1.P [V6.S4, V7.S4], 32(R9)
	VST1.P [V8.S4, V9.S4], 32(R10)
	VST1.P [V10.S4, V11.S4], 32(R11)
	ADD    $32, R13, R13
	SUBS   $8, R12, R12
	BPL    q8

q4:
	// 4 more columns if at least 4 remain
	ADDS $4, R12, R12
	BMI  q1
	VEOR V16.B16, V16.B16, V16.B16
	VEOR V18.B16, V18.B16, V18.B16
	VEOR V20.B16, V20.B16, V20.B16
	VEOR V22.B16, V22.B16, V22.B16
	MOVD R1, R14
	MOVD R13, R15
	MOVD R5, R19

q4t:
	VLD1.P (R15)(R7), [V0.S4]
	VLD1.P (R14)(R6), [V2.S4]
	WORD $0x4f821010 // fmla v16.4s, v0.4s, v2.s[0]
	WORD $0x4fa21012 // fmla v18.4s, v0.4s, v2.s[1]
	WORD $0x4f821814 // fmla v20.4s, v0.4s, v2.s[2]
	WORD $0x4fa21816 // fmla v22.4s, v0.4s, v2.s[3]
	SUBS   $1, R19, R19
	BNE    q4t
	VLD1   (R8), [V4.S4]
	VLD1   (R9), [V6.S4]
	VLD1   (R10), [V8.S4]
	VLD1   (R11), [V10.S4]
	WORD $0x4f9f1204 // fmla v4.4s, v16.4s, v31.s[0]
	WORD $0x4f9f1246 // fmla v6.4s, v18.4s, v31.s[0]
	WORD $0x4f9f1288 // fmla v8.4s, v20.4s, v31.s[0]
	WORD $0x4f9f12ca // fmla v10.4s, v22.4s, v31.s[0]
	VST1.P [V4.S4], 16(R8)
	VST1.P [V6.S4], 16(R9)
	VST1.P [V8.S4], 16(R10)
	VST1.P [V10.S4], 16(R11)
	ADD    $16, R13, R13
	SUBS   $4, R12, R12

q1:
	// the last 0..3 columns: V16 lane r = sum_t x[t, i+r] * y[t, j]
	ADDS $4, R12, R12
	BEQ  q4next

q1col:
	VEOR V16.B16, V16.B16, V16.B16
	MOVD R1, R14
	MOVD R13, R15
	MOVD R5, R19

q1t:
	VLD1.P (R15)(R7), V0.S[0]
	VLD1.P (R14)(R6), [V2.S4]
	WORD $0x4f801050 // fmla v16.4s, v2.4s, v0.s[0]
	SUBS   $1, R19, R19
	BNE    q1t
	FMOVS  (R8), F4
	FMADDS F16, F4, F31, F4
	FMOVS.P F4, 4(R8)
	VMOV   V16.S[1], V3.S[0]
	FMOVS  (R9), F4
	FMADDS F3, F4, F31, F4
	FMOVS.P F4, 4(R9)
	VMOV   V16.S[2], V3.S[0]
	FMOVS  (R10), F4
	FMADDS F3, F4, F31, F4
	FMOVS.P F4, 4(R10)
	VMOV   V16.S[3], V3.S[0]
	FMOVS  (R11), F4
	FMADDS F3, F4, F31, F4
	FMOVS.P F4, 4(R11)
	ADD    $4, R13, R13
	SUBS   $1, R12, R12
	BNE    q1col

q4next:
	// R11 ends at row i+4
	MOVD R11, R0
	ADD  $16, R1, R1
	SUBS $4, R3, R3
	BPL  rows4

rows1:
	// the last 0..3 rows one at a time
	ADDS $4, R3, R3
	BEQ  done

row:
	MOVD R0, R8
	MOVD R2, R13
	SUBS $8, R4, R12
	BMI  r4

r8:
	// V16, V17 = sum_t x[t, i] * y[t, j:j+8]
	VEOR V16.B16, V16.B16, V16.B16
	VEOR V17.B16, V17.B16, V17.B16
	MOVD R1, R14
	MOVD R13, R15
	MOVD R5, R19

r8t:
	VLD1.P (R15)(R7), [V0.S4, V1.S4]
	VLD1.P (R14)(R6), V2.S[0]
	WORD $0x4f821010 // fmla v16.4s, v0.4s, v2.s[0]
	WORD $0x4f821031 // fmla v17.4s, v1.4s, v2.s[0]
	SUBS   $1, R19, R19
	BNE    r8t
	VLD1   (R8), [V4.S4, V5.S4]
	WORD $0x4f9f1204 // fmla v4.4s, v16.4s, v31.s[0]
	WORD $0x4f9f1225 // fmla v5.4s, v17.4s, v31.s[0]
	VST1.P [V4.S4, V5.S4], 32(R8)
	ADD    $32, R13, R13
	SUBS   $8, R12, R12
	BPL    r8

r4:
	ADDS $4, R12, R12
	BMI  r1
	VEOR V16.B16, V16.B16, V16.B16
	MOVD R1, R14
	MOVD R13, R15
	MOVD R5, R19

r4t:
	VLD1.P (R15)(R7), [V0.S4]
	VLD1.P (R14)(R6), V2.S[0]
	WORD $0x4f821010 // fmla v16.4s, v0.4s, v2.s[0]
	SUBS   $1, R19, R19
	BNE    r4t
	VLD1   (R8), [V4.S4]
	WORD $0x4f9f1204 // fmla v4.4s, v16.4s, v31.s[0]
	VST1.P [V4.S4], 16(R8)
	ADD    $16, R13, R13
	SUBS   $4, R12, R12

r1:
	// the last 0..3 columns, scalar
	ADDS $4, R12, R12
	BEQ  rnext

r1col:
	VEOR V16.B16, V16.B16, V16.B16
	MOVD R1, R14
	MOVD R13, R15
	MOVD R5, R19

r1t:
	VLD1.P (R15)(R7), V0.S[0]
	VLD1.P (R14)(R6), V2.S[0]
	FMADDS F0, F16, F2, F16
	SUBS   $1, R19, R19
	BNE    r1t
	FMOVS  (R8), F4
	FMADDS F16, F4, F31, F4
	FMOVS.P F4, 4(R8)
	ADD    $4, R13, R13
	SUBS   $1, R12, R12
	BNE    r1col

rnext:
	// R8 ends at row i+1
	MOVD R8, R0
	ADD  $4, R1, R1
	SUBS $1, R3, R3
	BNE  row

done:
	RET
