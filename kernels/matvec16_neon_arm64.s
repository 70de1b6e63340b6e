//go:build arm64 && !purego && !noasm

#include "textflag.h"

// The 16-bit matrix-vector kernels, one per weight format; they differ only
// in how a weight becomes a float32: FCVTL/FCVTL2 (and scalar FCVT) for F16,
// interleaving with zero halfwords (ZIP1/ZIP2 with V31 = 0, putting each
// value in the upper half of a 32-bit lane) or a 16-bit shift for BF16.
// Registers: R0 y, R1 rows left, R2 w, R3 x, R4 n, R5 add, R6 row stride
// in bytes (2n), R7..R10 rows of the block, R11 x column pointer, R12
// columns left, R13 one 16-bit weight.

// func matVecF16NEON(y []float32, w []F16, x []float32, add bool)
TEXT ·matVecF16NEON(SB), NOSPLIT, $0-73
	MOVD  y_base+0(FP), R0
	MOVD  y_len+8(FP), R1
	MOVD  w_base+24(FP), R2
	MOVD  x_base+48(FP), R3
	MOVD  x_len+56(FP), R4
	MOVBU add+72(FP), R5
	LSL   $1, R4, R6
	VEOR  V31.B16, V31.B16, V31.B16
	SUBS  $4, R1, R1
	BMI   rows1

rows4:
	// R7..R10 = rows i..i+3 of W; V16..V23 = two accumulators per row,
	// F24..F27 = one scalar accumulator per row
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
	// row r accumulators += float32(w[i+r, j:j+8]) * x[j:j+8]
	VLD1.P 32(R11), [V0.S4, V1.S4]
	VLD1.P 16(R7), [V2.H8]
	VLD1.P 16(R8), [V4.H8]
	VLD1.P 16(R9), [V6.H8]
	VLD1.P 16(R10), [V8.H8]
	WORD $0x0e217843 // fcvtl v3.4s, v2.4h
	WORD $0x4e217842 // fcvtl2 v2.4s, v2.8h
	WORD $0x0e217885 // fcvtl v5.4s, v4.4h
	WORD $0x4e217884 // fcvtl2 v4.4s, v4.8h
	WORD $0x0e2178c7 // fcvtl v7.4s, v6.4h
	WORD $0x4e2178c6 // fcvtl2 v6.4s, v6.8h
	WORD $0x0e217909 // fcvtl v9.4s, v8.4h
	WORD $0x4e217908 // fcvtl2 v8.4s, v8.8h
	VFMLA  V0.S4, V3.S4, V16.S4
	VFMLA  V1.S4, V2.S4, V17.S4
	VFMLA  V0.S4, V5.S4, V18.S4
	VFMLA  V1.S4, V4.S4, V19.S4
	VFMLA  V0.S4, V7.S4, V20.S4
	VFMLA  V1.S4, V6.S4, V21.S4
	VFMLA  V0.S4, V9.S4, V22.S4
	VFMLA  V1.S4, V8.S4, V23.S4
	SUBS   $8, R12, R12
	BPL    q8

q4:
	// 4 more columns if at least 4 remain
	ADDS   $4, R12, R12
	BMI    q1
	VLD1.P 16(R11), [V0.S4]
	VLD1.P 8(R7), [V2.H4]
	VLD1.P 8(R8), [V4.H4]
	VLD1.P 8(R9), [V6.H4]
	VLD1.P 8(R10), [V8.H4]
	WORD $0x0e217843 // fcvtl v3.4s, v2.4h
	WORD $0x0e217885 // fcvtl v5.4s, v4.4h
	WORD $0x0e2178c7 // fcvtl v7.4s, v6.4h
	WORD $0x0e217909 // fcvtl v9.4s, v8.4h
	VFMLA  V0.S4, V3.S4, V16.S4
	VFMLA  V0.S4, V5.S4, V18.S4
	VFMLA  V0.S4, V7.S4, V20.S4
	VFMLA  V0.S4, V9.S4, V22.S4
	SUBS   $4, R12, R12

q1:
	// the last 0..3 columns into the scalar accumulators
	ADDS $4, R12, R12
	BEQ  q4reduce

q1loop:
	FMOVS.P 4(R11), F0
	MOVHU.P 2(R7), R13
	FMOVS   R13, F2
	WORD $0x1ee24042 // fcvt s2, h2
	MOVHU.P 2(R8), R13
	FMOVS   R13, F4
	WORD $0x1ee24084 // fcvt s4, h4
	MOVHU.P 2(R9), R13
	FMOVS   R13, F6
	WORD $0x1ee240c6 // fcvt s6, h6
	MOVHU.P 2(R10), R13
	FMOVS   R13, F8
	WORD $0x1ee24108 // fcvt s8, h8
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
	// V16, V17 += float32(w[i, j:j+8]) * x[j:j+8]
	VLD1.P 32(R11), [V0.S4, V1.S4]
	VLD1.P 16(R2), [V2.H8]
	WORD $0x0e217843 // fcvtl v3.4s, v2.4h
	WORD $0x4e217842 // fcvtl2 v2.4s, v2.8h
	VFMLA  V0.S4, V3.S4, V16.S4
	VFMLA  V1.S4, V2.S4, V17.S4
	SUBS   $8, R12, R12
	BPL    r8

r4:
	ADDS   $4, R12, R12
	BMI    r1
	VLD1.P 16(R11), [V0.S4]
	VLD1.P 8(R2), [V2.H4]
	WORD $0x0e217843 // fcvtl v3.4s, v2.4h
	VFMLA  V0.S4, V3.S4, V16.S4
	SUBS   $4, R12, R12

r1:
	ADDS $4, R12, R12
	BEQ  rreduce

r1loop:
	FMOVS.P 4(R11), F0
	MOVHU.P 2(R2), R13
	FMOVS   R13, F2
	WORD $0x1ee24042 // fcvt s2, h2
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

// func matVecBF16NEON(y []float32, w []BF16, x []float32, add bool)
TEXT ·matVecBF16NEON(SB), NOSPLIT, $0-73
	MOVD  y_base+0(FP), R0
	MOVD  y_len+8(FP), R1
	MOVD  w_base+24(FP), R2
	MOVD  x_base+48(FP), R3
	MOVD  x_len+56(FP), R4
	MOVBU add+72(FP), R5
	LSL   $1, R4, R6
	VEOR  V31.B16, V31.B16, V31.B16
	SUBS  $4, R1, R1
	BMI   rows1

rows4:
	// R7..R10 = rows i..i+3 of W; V16..V23 = two accumulators per row,
	// F24..F27 = one scalar accumulator per row
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
	// row r accumulators += float32(w[i+r, j:j+8]) * x[j:j+8]
	VLD1.P 32(R11), [V0.S4, V1.S4]
	VLD1.P 16(R7), [V2.H8]
	VLD1.P 16(R8), [V4.H8]
	VLD1.P 16(R9), [V6.H8]
	VLD1.P 16(R10), [V8.H8]
	VZIP1  V2.H8, V31.H8, V3.H8
	VZIP2  V2.H8, V31.H8, V2.H8
	VZIP1  V4.H8, V31.H8, V5.H8
	VZIP2  V4.H8, V31.H8, V4.H8
	VZIP1  V6.H8, V31.H8, V7.H8
	VZIP2  V6.H8, V31.H8, V6.H8
	VZIP1  V8.H8, V31.H8, V9.H8
	VZIP2  V8.H8, V31.H8, V8.H8
	VFMLA  V0.S4, V3.S4, V16.S4
	VFMLA  V1.S4, V2.S4, V17.S4
	VFMLA  V0.S4, V5.S4, V18.S4
	VFMLA  V1.S4, V4.S4, V19.S4
	VFMLA  V0.S4, V7.S4, V20.S4
	VFMLA  V1.S4, V6.S4, V21.S4
	VFMLA  V0.S4, V9.S4, V22.S4
	VFMLA  V1.S4, V8.S4, V23.S4
	SUBS   $8, R12, R12
	BPL    q8

q4:
	// 4 more columns if at least 4 remain
	ADDS   $4, R12, R12
	BMI    q1
	VLD1.P 16(R11), [V0.S4]
	VLD1.P 8(R7), [V2.H4]
	VLD1.P 8(R8), [V4.H4]
	VLD1.P 8(R9), [V6.H4]
	VLD1.P 8(R10), [V8.H4]
	VZIP1  V2.H8, V31.H8, V3.H8
	VZIP1  V4.H8, V31.H8, V5.H8
	VZIP1  V6.H8, V31.H8, V7.H8
	VZIP1  V8.H8, V31.H8, V9.H8
	VFMLA  V0.S4, V3.S4, V16.S4
	VFMLA  V0.S4, V5.S4, V18.S4
	VFMLA  V0.S4, V7.S4, V20.S4
	VFMLA  V0.S4, V9.S4, V22.S4
	SUBS   $4, R12, R12

q1:
	// the last 0..3 columns into the scalar accumulators
	ADDS $4, R12, R12
	BEQ  q4reduce

q1loop:
	FMOVS.P 4(R11), F0
	MOVHU.P 2(R7), R13
	LSLW    $16, R13, R13
	FMOVS   R13, F2
	MOVHU.P 2(R8), R13
	LSLW    $16, R13, R13
	FMOVS   R13, F4
	MOVHU.P 2(R9), R13
	LSLW    $16, R13, R13
	FMOVS   R13, F6
	MOVHU.P 2(R10), R13
	LSLW    $16, R13, R13
	FMOVS   R13, F8
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
	// V16, V17 += float32(w[i, j:j+8]) * x[j:j+8]
	VLD1.P 32(R11), [V0.S4, V1.S4]
	VLD1.P 16(R2), [V2.H8]
	VZIP1  V2.H8, V31.H8, V3.H8
	VZIP2  V2.H8, V31.H8, V2.H8
	VFMLA  V0.S4, V3.S4, V16.S4
	VFMLA  V1.S4, V2.S4, V17.S4
	SUBS   $8, R12, R12
	BPL    r8

r4:
	ADDS   $4, R12, R12
	BMI    r1
	VLD1.P 16(R11), [V0.S4]
	VLD1.P 8(R2), [V2.H4]
	VZIP1  V2.H8, V31.H8, V3.H8
	VFMLA  V0.S4, V3.S4, V16.S4
	SUBS   $4, R12, R12

r1:
	ADDS $4, R12, R12
	BEQ  rreduce

r1loop:
	FMOVS.P 4(R11), F0
	MOVHU.P 2(R2), R13
	LSLW    $16, R13, R13
	FMOVS   R13, F2
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
