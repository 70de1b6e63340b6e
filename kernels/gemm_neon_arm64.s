//go:build arm64 && !purego && !noasm

#include "textflag.h"

// func gemmKernelNEON(kc int, a *float32, lda int, b, c *float32, ldc int)
//
// R0..R3 = rows 0..3 of A at column p, R4 = b at row p, R5 = k steps left,
// R6 = lda*4, R7 = ldc*4, R8..R11 = rows 0..3 of C; V0..V3 = a[i, p:p+4]
// (row i in Vi), V4..V7 = two 8-column pieces of a row of B, V8..V31 = the
// 4 x 24 tile (row i in V8+6i..V13+6i). The 4-step loop reads B as 12
// pieces of 8 columns: piece g (row p+g/3, columns g%3*8..g%3*8+7) is in
// V4,V5 for even g and V6,V7 for odd g, loaded right after the piece
// before it in the same registers has been used.
TEXT ·gemmKernelNEON(SB), NOSPLIT, $0-48
	MOVD kc+0(FP), R5
	MOVD a+8(FP), R0
	MOVD lda+16(FP), R6
	MOVD b+24(FP), R4
	MOVD c+32(FP), R8
	MOVD ldc+40(FP), R7
	LSL  $2, R6, R6
	LSL  $2, R7, R7
	ADD  R6, R0, R1
	ADD  R6, R1, R2
	ADD  R6, R2, R3
	ADD  R7, R8, R9
	ADD  R7, R9, R10
	ADD  R7, R10, R11

	// V8..V31 = the tile of C; the products accumulate onto it
	MOVD   R8, R12
	VLD1.P 64(R12), [V8.S4, V9.S4, V10.S4, V11.S4]
	VLD1   (R12), [V12.S4, V13.S4]
	MOVD   R9, R12
	VLD1.P 64(R12), [V14.S4, V15.S4, V16.S4, V17.S4]
	VLD1   (R12), [V18.S4, V19.S4]
	MOVD   R10, R12
	VLD1.P 64(R12), [V20.S4, V21.S4, V22.S4, V23.S4]
	VLD1   (R12), [V24.S4, V25.S4]
	MOVD   R11, R12
	VLD1.P 64(R12), [V26.S4, V27.S4, V28.S4, V29.S4]
	VLD1   (R12), [V30.S4, V31.S4]
	SUBS   $4, R5, R5
	BLT    k1

k4:
	// tile += a[0:4, p:p+4] b[p:p+4, 0:24], B's pieces alternating in V4,V5 and V6,V7
	VLD1.P 16(R0), [V0.S4]
	VLD1.P 16(R1), [V1.S4]
	VLD1.P 16(R2), [V2.S4]
	VLD1.P 16(R3), [V3.S4]
	VLD1.P 64(R4), [V4.S4, V5.S4, V6.S4, V7.S4]
	WORD $0x4f801088 // fmla v8.4s, v4.4s, v0.s[0]
	WORD $0x4f8010a9 // fmla v9.4s, v5.4s, v0.s[0]
	WORD $0x4f81108e // fmla v14.4s, v4.4s, v1.s[0]
	WORD $0x4f8110af // fmla v15.4s, v5.4s, v1.s[0]
	WORD $0x4f821094 // fmla v20.4s, v4.4s, v2.s[0]
	WORD $0x4f8210b5 // fmla v21.4s, v5.4s, v2.s[0]
	WORD $0x4f83109a // fmla v26.4s, v4.4s, v3.s[0]
	WORD $0x4f8310bb // fmla v27.4s, v5.4s, v3.s[0]
	VLD1.P 32(R4), [V4.S4, V5.S4]
	WORD $0x4f8010ca // fmla v10.4s, v6.4s, v0.s[0]
	WORD $0x4f8010eb // fmla v11.4s, v7.4s, v0.s[0]
	WORD $0x4f8110d0 // fmla v16.4s, v6.4s, v1.s[0]
	WORD $0x4f8110f1 // fmla v17.4s, v7.4s, v1.s[0]
	WORD $0x4f8210d6 // fmla v22.4s, v6.4s, v2.s[0]
	WORD $0x4f8210f7 // fmla v23.4s, v7.4s, v2.s[0]
	WORD $0x4f8310dc // fmla v28.4s, v6.4s, v3.s[0]
	WORD $0x4f8310fd // fmla v29.4s, v7.4s, v3.s[0]
	VLD1.P 32(R4), [V6.S4, V7.S4]
	WORD $0x4f80108c // fmla v12.4s, v4.4s, v0.s[0]
	WORD $0x4f8010ad // fmla v13.4s, v5.4s, v0.s[0]
	WORD $0x4f811092 // fmla v18.4s, v4.4s, v1.s[0]
	WORD $0x4f8110b3 // fmla v19.4s, v5.4s, v1.s[0]
	WORD $0x4f821098 // fmla v24.4s, v4.4s, v2.s[0]
	WORD $0x4f8210b9 // fmla v25.4s, v5.4s, v2.s[0]
	WORD $0x4f83109e // fmla v30.4s, v4.4s, v3.s[0]
	WORD $0x4f8310bf // fmla v31.4s, v5.4s, v3.s[0]
	VLD1.P 32(R4), [V4.S4, V5.S4]
	WORD $0x4fa010c8 // fmla v8.4s, v6.4s, v0.s[1]
	WORD $0x4fa010e9 // fmla v9.4s, v7.4s, v0.s[1]
	WORD $0x4fa110ce // fmla v14.4s, v6.4s, v1.s[1]
	WORD $0x4fa110ef // fmla v15.4s, v7.4s, v1.s[1]
	WORD $0x4fa210d4 // fmla v20.4s, v6.4s, v2.s[1]
	WORD $0x4fa210f5 // fmla v21.4s, v7.4s, v2.s[1]
	WORD $0x4fa310da // fmla v26.4s, v6.4s, v3.s[1]
	WORD $0x4fa310fb // fmla v27.4s, v7.4s, v3.s[1]
	VLD1.P 32(R4), [V6.S4, V7.S4]
	WORD $0x4fa0108a // fmla v10.4s, v4.4s, v0.s[1]
	WORD $0x4fa010ab // fmla v11.4s, v5.4s, v0.s[1]
	WORD $0x4fa11090 // fmla v16.4s, v4.4s, v1.s[1]
	WORD $0x4fa110b1 // fmla v17.4s, v5.4s, v1.s[1]
	WORD $0x4fa21096 // fmla v22.4s, v4.4s, v2.s[1]
	WORD $0x4fa210b7 // fmla v23.4s, v5.4s, v2.s[1]
	WORD $0x4fa3109c // fmla v28.4s, v4.4s, v3.s[1]
	WORD $0x4fa310bd // fmla v29.4s, v5.4s, v3.s[1]
	VLD1.P 32(R4), [V4.S4, V5.S4]
	WORD $0x4fa010cc // fmla v12.4s, v6.4s, v0.s[1]
	WORD $0x4fa010ed // fmla v13.4s, v7.4s, v0.s[1]
	WORD $0x4fa110d2 // fmla v18.4s, v6.4s, v1.s[1]
	WORD $0x4fa110f3 // fmla v19.4s, v7.4s, v1.s[1]
	WORD $0x4fa210d8 // fmla v24.4s, v6.4s, v2.s[1]
	WORD $0x4fa210f9 // fmla v25.4s, v7.4s, v2.s[1]
	WORD $0x4fa310de // fmla v30.4s, v6.4s, v3.s[1]
	WORD $0x4fa310ff // fmla v31.4s, v7.4s, v3.s[1]
	VLD1.P 32(R4), [V6.S4, V7.S4]
	WORD $0x4f801888 // fmla v8.4s, v4.4s, v0.s[2]
	WORD $0x4f8018a9 // fmla v9.4s, v5.4s, v0.s[2]
	WORD $0x4f81188e // fmla v14.4s, v4.4s, v1.s[2]
	WORD $0x4f8118af // fmla v15.4s, v5.4s, v1.s[2]
	WORD $0x4f821894 // fmla v20.4s, v4.4s, v2.s[2]
	WORD $0x4f8218b5 // fmla v21.4s, v5.4s, v2.s[2]
	WORD $0x4f83189a // fmla v26.4s, v4.4s, v3.s[2]
	WORD $0x4f8318bb // fmla v27.4s, v5.4s, v3.s[2]
	VLD1.P 32(R4), [V4.S4, V5.S4]
	WORD $0x4f8018ca // fmla v10.4s, v6.4s, v0.s[2]
	WORD $0x4f8018eb // fmla v11.4s, v7.4s, v0.s[2]
	WORD $0x4f8118d0 // fmla v16.4s, v6.4s, v1.s[2]
	WORD $0x4f8118f1 // fmla v17.4s, v7.4s, v1.s[2]
	WORD $0x4f8218d6 // fmla v22.4s, v6.4s, v2.s[2]
	WORD $0x4f8218f7 // fmla v23.4s, v7.4s, v2.s[2]
	WORD $0x4f8318dc // fmla v28.4s, v6.4s, v3.s[2]
	WORD $0x4f8318fd // fmla v29.4s, v7.4s, v3.s[2]
	VLD1.P 32(R4), [V6.S4, V7.S4]
	WORD $0x4f80188c // fmla v12.4s, v4.4s, v0.s[2]
	WORD $0x4f8018ad // fmla v13.4s, v5.4s, v0.s[2]
	WORD $0x4f811892 // fmla v18.4s, v4.4s, v1.s[2]
	WORD $0x4f8118b3 // fmla v19.4s, v5.4s, v1.s[2]
	WORD $0x4f821898 // fmla v24.4s, v4.4s, v2.s[2]
	WORD $0x4f8218b9 // fmla v25.4s, v5.4s, v2.s[2]
	WORD $0x4f83189e // fmla v30.4s, v4.4s, v3.s[2]
	WORD $0x4f8318bf // fmla v31.4s, v5.4s, v3.s[2]
	VLD1.P 32(R4), [V4.S4, V5.S4]
	WORD $0x4fa018c8 // fmla v8.4s, v6.4s, v0.s[3]
	WORD $0x4fa018e9 // fmla v9.4s, v7.4s, v0.s[3]
	WORD $0x4fa118ce // fmla v14.4s, v6.4s, v1.s[3]
	WORD $0x4fa118ef // fmla v15.4s, v7.4s, v1.s[3]
	WORD $0x4fa218d4 // fmla v20.4s, v6.4s, v2.s[3]
	WORD $0x4fa218f5 // fmla v21.4s, v7.4s, v2.s[3]
	WORD $0x4fa318da // fmla v26.4s, v6.4s, v3.s[3]
	WORD $0x4fa318fb // fmla v27.4s, v7.4s, v3.s[3]
	VLD1.P 32(R4), [V6.S4, V7.S4]
	WORD $0x4fa0188a // fmla v10.4s, v4.4s, v0.s[3]
	WORD $0x4fa018ab // fmla v11.4s, v5.4s, v0.s[3]
	WORD $0x4fa11890 // fmla v16.4s, v4.4s, v1.s[3]
	WORD $0x4fa118b1 // fmla v17.4s, v5.4s, v1.s[3]
	WORD $0x4fa21896 // fmla v22.4s, v4.4s, v2.s[3]
	WORD $0x4fa218b7 // fmla v23.4s, v5.4s, v2.s[3]
	WORD $0x4fa3189c // fmla v28.4s, v4.4s, v3.s[3]
	WORD $0x4fa318bd // fmla v29.4s, v5.4s, v3.s[3]
	WORD $0x4fa018cc // fmla v12.4s, v6.4s, v0.s[3]
	WORD $0x4fa018ed // fmla v13.4s, v7.4s, v0.s[3]
	WORD $0x4fa118d2 // fmla v18.4s, v6.4s, v1.s[3]
	WORD $0x4fa118f3 // fmla v19.4s, v7.4s, v1.s[3]
	WORD $0x4fa218d8 // fmla v24.4s, v6.4s, v2.s[3]
	WORD $0x4fa218f9 // fmla v25.4s, v7.4s, v2.s[3]
	WORD $0x4fa318de // fmla v30.4s, v6.4s, v3.s[3]
	WORD $0x4fa318ff // fmla v31.4s, v7.4s, v3.s[3]
	SUBS   $4, R5, R5
	BGE    k4

k1:
	// the last kc%4 steps: tile += a[0:4, p] b[p, 0:24]
	ADDS $4, R5, R5
	BEQ  store

k1loop:
	FMOVS.P 4(R0), F0
	FMOVS.P 4(R1), F1
	FMOVS.P 4(R2), F2
	FMOVS.P 4(R3), F3
	VLD1.P  64(R4), [V4.S4, V5.S4, V6.S4, V7.S4]
	WORD $0x4f801088 // fmla v8.4s, v4.4s, v0.s[0]
	WORD $0x4f8010a9 // fmla v9.4s, v5.4s, v0.s[0]
	WORD $0x4f81108e // fmla v14.4s, v4.4s, v1.s[0]
	WORD $0x4f8110af // fmla v15.4s, v5.4s, v1.s[0]
	WORD $0x4f821094 // fmla v20.4s, v4.4s, v2.s[0]
	WORD $0x4f8210b5 // fmla v21.4s, v5.4s, v2.s[0]
	WORD $0x4f83109a // fmla v26.4s, v4.4s, v3.s[0]
	WORD $0x4f8310bb // fmla v27.4s, v5.4s, v3.s[0]
	VLD1.P  32(R4), [V4.S4, V5.S4]
	WORD $0x4f8010ca // fmla v10.4s, v6.4s, v0.s[0]
	WORD $0x4f8010eb // fmla v11.4s, v7.4s, v0.s[0]
	WORD $0x4f8110d0 // fmla v16.4s, v6.4s, v1.s[0]
	WORD $0x4f8110f1 // fmla v17.4s, v7.4s, v1.s[0]
	WORD $0x4f8210d6 // fmla v22.4s, v6.4s, v2.s[0]
	WORD $0x4f8210f7 // fmla v23.4s, v7.4s, v2.s[0]
	WORD $0x4f8310dc // fmla v28.4s, v6.4s, v3.s[0]
	WORD $0x4f8310fd // fmla v29.4s, v7.4s, v3.s[0]
	WORD $0x4f80108c // fmla v12.4s, v4.4s, v0.s[0]
	WORD $0x4f8010ad // fmla v13.4s, v5.4s, v0.s[0]
	WORD $0x4f811092 // fmla v18.4s, v4.4s, v1.s[0]
	WORD $0x4f8110b3 // fmla v19.4s, v5.4s, v1.s[0]
	WORD $0x4f821098 // fmla v24.4s, v4.4s, v2.s[0]
	WORD $0x4f8210b9 // fmla v25.4s, v5.4s, v2.s[0]
	WORD $0x4f83109e // fmla v30.4s, v4.4s, v3.s[0]
	WORD $0x4f8310bf // fmla v31.4s, v5.4s, v3.s[0]
	SUBS    $1, R5, R5
	BNE     k1loop

store:
	// C's tile = V8..V31
	VST1.P [V8.S4, V9.S4, V10.S4, V11.S4], 64(R8)
	VST1   [V12.S4, V13.S4], (R8)
	VST1.P [V14.S4, V15.S4, V16.S4, V17.S4], 64(R9)
	VST1   [V18.S4, V19.S4], (R9)
	VST1.P [V20.S4, V21.S4, V22.S4, V23.S4], 64(R10)
	VST1   [V24.S4, V25.S4], (R10)
	VST1.P [V26.S4, V27.S4, V28.S4, V29.S4], 64(R11)
	VST1   [V30.S4, V31.S4], (R11)
	RET
