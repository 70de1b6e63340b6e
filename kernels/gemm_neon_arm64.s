//go:build arm64 && !purego && !noasm

#include "textflag.h"

// func gemmKernel4x24NEON(kc int, a *float32, lda int, b, c *float32, ldc int)
//
// R0..R3 = rows 0..3 of A at column p, R4 = b at row p, R5 = k steps left,
// R6 = lda*4, R7 = ldc*4, R8..R11 = rows 0..3 of C; V0..V3 = a[i, p:p+4]
// (row i in Vi), V4..V7 = two 8-column pieces of a row of B, V8..V31 = the
// 4 x 24 tile (row i in V8+6i..V13+6i). The 4-step loop reads B as 12
// pieces of 8 columns: piece g (row p+g/3, columns g%3*8..g%3*8+7) is in
// V4,V5 for even g and V6,V7 for odd g, loaded right after the piece
// before it in the same registers has been used.
TEXT ·gemmKernel4x24NEON(SB), NOSPLIT, $0-48
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

// func gemmKernel8x8NEON(kc int, a *float32, lda int, b, c *float32, ldc int)
//
// R0..R7 = rows 0..7 of A at column p, R8 = b at row p, R9 = k steps left,
// R10 = lda*4, R11 = ldc*4, R12..R17, R19, R20 = rows 0..7 of C; V0..V7 =
// a[i, p:p+4] (row i in Vi), V8..V15 = rows p..p+3 of B (row p+s in
// V8+2s, V9+2s), V16..V31 = the 8 x 8 tile (row i in V16+2i, V17+2i).
TEXT ·gemmKernel8x8NEON(SB), NOSPLIT, $0-48
	MOVD kc+0(FP), R9
	MOVD a+8(FP), R0
	MOVD lda+16(FP), R10
	MOVD b+24(FP), R8
	MOVD c+32(FP), R12
	MOVD ldc+40(FP), R11
	LSL  $2, R10, R10
	LSL  $2, R11, R11
	ADD  R10, R0, R1
	ADD  R10, R1, R2
	ADD  R10, R2, R3
	ADD  R10, R3, R4
	ADD  R10, R4, R5
	ADD  R10, R5, R6
	ADD  R10, R6, R7
	ADD  R11, R12, R13
	ADD  R11, R13, R14
	ADD  R11, R14, R15
	ADD  R11, R15, R16
	ADD  R11, R16, R17
	ADD  R11, R17, R19
	ADD  R11, R19, R20

	// V16..V31 = the tile of C; the products accumulate onto it
	VLD1 (R12), [V16.S4, V17.S4]
	VLD1 (R13), [V18.S4, V19.S4]
	VLD1 (R14), [V20.S4, V21.S4]
	VLD1 (R15), [V22.S4, V23.S4]
	VLD1 (R16), [V24.S4, V25.S4]
	VLD1 (R17), [V26.S4, V27.S4]
	VLD1 (R19), [V28.S4, V29.S4]
	VLD1 (R20), [V30.S4, V31.S4]
	SUBS $4, R9, R9
	BLT  k1

k4:
	// tile += a[0:8, p:p+4] b[p:p+4, 0:8]
	VLD1.P 16(R0), [V0.S4]
	VLD1.P 16(R1), [V1.S4]
	VLD1.P 16(R2), [V2.S4]
	VLD1.P 16(R3), [V3.S4]
	VLD1.P 16(R4), [V4.S4]
	VLD1.P 16(R5), [V5.S4]
	VLD1.P 16(R6), [V6.S4]
	VLD1.P 16(R7), [V7.S4]
	VLD1.P 64(R8), [V8.S4, V9.S4, V10.S4, V11.S4]
	VLD1.P 64(R8), [V12.S4, V13.S4, V14.S4, V15.S4]
	WORD $0x4f801110 // fmla v16.4s, v8.4s, v0.s[0]
	WORD $0x4f801131 // fmla v17.4s, v9.4s, v0.s[0]
	WORD $0x4f811112 // fmla v18.4s, v8.4s, v1.s[0]
	WORD $0x4f811133 // fmla v19.4s, v9.4s, v1.s[0]
	WORD $0x4f821114 // fmla v20.4s, v8.4s, v2.s[0]
	WORD $0x4f821135 // fmla v21.4s, v9.4s, v2.s[0]
	WORD $0x4f831116 // fmla v22.4s, v8.4s, v3.s[0]
	WORD $0x4f831137 // fmla v23.4s, v9.4s, v3.s[0]
	WORD $0x4f841118 // fmla v24.4s, v8.4s, v4.s[0]
	WORD $0x4f841139 // fmla v25.4s, v9.4s, v4.s[0]
	WORD $0x4f85111a // fmla v26.4s, v8.4s, v5.s[0]
	WORD $0x4f85113b // fmla v27.4s, v9.4s, v5.s[0]
	WORD $0x4f86111c // fmla v28.4s, v8.4s, v6.s[0]
	WORD $0x4f86113d // fmla v29.4s, v9.4s, v6.s[0]
	WORD $0x4f87111e // fmla v30.4s, v8.4s, v7.s[0]
	WORD $0x4f87113f // fmla v31.4s, v9.4s, v7.s[0]
	WORD $0x4fa01150 // fmla v16.4s, v10.4s, v0.s[1]
	WORD $0x4fa01171 // fmla v17.4s, v11.4s, v0.s[1]
	WORD $0x4fa11152 // fmla v18.4s, v10.4s, v1.s[1]
	WORD $0x4fa11173 // fmla v19.4s, v11.4s, v1.s[1]
	WORD $0x4fa21154 // fmla v20.4s, v10.4s, v2.s[1]
	WORD $0x4fa21175 // fmla v21.4s, v11.4s, v2.s[1]
	WORD $0x4fa31156 // fmla v22.4s, v10.4s, v3.s[1]
	WORD $0x4fa31177 // fmla v23.4s, v11.4s, v3.s[1]
	WORD $0x4fa41158 // fmla v24.4s, v10.4s, v4.s[1]
	WORD $0x4fa41179 // fmla v25.4s, v11.4s, v4.s[1]
	WORD $0x4fa5115a // fmla v26.4s, v10.4s, v5.s[1]
	WORD $0x4fa5117b // fmla v27.4s, v11.4s, v5.s[1]
	WORD $0x4fa6115c // fmla v28.4s, v10.4s, v6.s[1]
	WORD $0x4fa6117d // fmla v29.4s, v11.4s, v6.s[1]
	WORD $0x4fa7115e // fmla v30.4s, v10.4s, v7.s[1]
	WORD $0x4fa7117f // fmla v31.4s, v11.4s, v7.s[1]
	WORD $0x4f801990 // fmla v16.4s, v12.4s, v0.s[2]
	WORD $0x4f8019b1 // fmla v17.4s, v13.4s, v0.s[2]
	WORD $0x4f811992 // fmla v18.4s, v12.4s, v1.s[2]
	WORD $0x4f8119b3 // fmla v19.4s, v13.4s, v1.s[2]
	WORD $0x4f821994 // fmla v20.4s, v12.4s, v2.s[2]
	WORD $0x4f8219b5 // fmla v21.4s, v13.4s, v2.s[2]
	WORD $0x4f831996 // fmla v22.4s, v12.4s, v3.s[2]
	WORD $0x4f8319b7 // fmla v23.4s, v13.4s, v3.s[2]
	WORD $0x4f841998 // fmla v24.4s, v12.4s, v4.s[2]
	WORD $0x4f8419b9 // fmla v25.4s, v13.4s, v4.s[2]
	WORD $0x4f85199a // fmla v26.4s, v12.4s, v5.s[2]
	WORD $0x4f8519bb // fmla v27.4s, v13.4s, v5.s[2]
	WORD $0x4f86199c // fmla v28.4s, v12.4s, v6.s[2]
	WORD $0x4f8619bd // fmla v29.4s, v13.4s, v6.s[2]
	WORD $0x4f87199e // fmla v30.4s, v12.4s, v7.s[2]
	WORD $0x4f8719bf // fmla v31.4s, v13.4s, v7.s[2]
	WORD $0x4fa019d0 // fmla v16.4s, v14.4s, v0.s[3]
	WORD $0x4fa019f1 // fmla v17.4s, v15.4s, v0.s[3]
	WORD $0x4fa119d2 // fmla v18.4s, v14.4s, v1.s[3]
	WORD $0x4fa119f3 // fmla v19.4s, v15.4s, v1.s[3]
	WORD $0x4fa219d4 // fmla v20.4s, v14.4s, v2.s[3]
	WORD $0x4fa219f5 // fmla v21.4s, v15.4s, v2.s[3]
	WORD $0x4fa319d6 // fmla v22.4s, v14.4s, v3.s[3]
	WORD $0x4fa319f7 // fmla v23.4s, v15.4s, v3.s[3]
	WORD $0x4fa419d8 // fmla v24.4s, v14.4s, v4.s[3]
	WORD $0x4fa419f9 // fmla v25.4s, v15.4s, v4.s[3]
	WORD $0x4fa519da // fmla v26.4s, v14.4s, v5.s[3]
	WORD $0x4fa519fb // fmla v27.4s, v15.4s, v5.s[3]
	WORD $0x4fa619dc // fmla v28.4s, v14.4s, v6.s[3]
	WORD $0x4fa619fd // fmla v29.4s, v15.4s, v6.s[3]
	WORD $0x4fa719de // fmla v30.4s, v14.4s, v7.s[3]
	WORD $0x4fa719ff // fmla v31.4s, v15.4s, v7.s[3]
	SUBS   $4, R9, R9
	BGE    k4

k1:
	// the last kc%4 steps: tile += a[0:8, p] b[p, 0:8]
	ADDS $4, R9, R9
	BEQ  store

k1loop:
	FMOVS.P 4(R0), F0
	FMOVS.P 4(R1), F1
	FMOVS.P 4(R2), F2
	FMOVS.P 4(R3), F3
	FMOVS.P 4(R4), F4
	FMOVS.P 4(R5), F5
	FMOVS.P 4(R6), F6
	FMOVS.P 4(R7), F7
	VLD1.P  32(R8), [V8.S4, V9.S4]
	WORD $0x4f801110 // fmla v16.4s, v8.4s, v0.s[0]
	WORD $0x4f801131 // fmla v17.4s, v9.4s, v0.s[0]
	WORD $0x4f811112 // fmla v18.4s, v8.4s, v1.s[0]
	WORD $0x4f811133 // fmla v19.4s, v9.4s, v1.s[0]
	WORD $0x4f821114 // fmla v20.4s, v8.4s, v2.s[0]
	WORD $0x4f821135 // fmla v21.4s, v9.4s, v2.s[0]
	WORD $0x4f831116 // fmla v22.4s, v8.4s, v3.s[0]
	WORD $0x4f831137 // fmla v23.4s, v9.4s, v3.s[0]
	WORD $0x4f841118 // fmla v24.4s, v8.4s, v4.s[0]
	WORD $0x4f841139 // fmla v25.4s, v9.4s, v4.s[0]
	WORD $0x4f85111a // fmla v26.4s, v8.4s, v5.s[0]
	WORD $0x4f85113b // fmla v27.4s, v9.4s, v5.s[0]
	WORD $0x4f86111c // fmla v28.4s, v8.4s, v6.s[0]
	WORD $0x4f86113d // fmla v29.4s, v9.4s, v6.s[0]
	WORD $0x4f87111e // fmla v30.4s, v8.4s, v7.s[0]
	WORD $0x4f87113f // fmla v31.4s, v9.4s, v7.s[0]
	SUBS    $1, R9, R9
	BNE     k1loop

store:
	// C's tile = V16..V31
	VST1 [V16.S4, V17.S4], (R12)
	VST1 [V18.S4, V19.S4], (R13)
	VST1 [V20.S4, V21.S4], (R14)
	VST1 [V22.S4, V23.S4], (R15)
	VST1 [V24.S4, V25.S4], (R16)
	VST1 [V26.S4, V27.S4], (R17)
	VST1 [V28.S4, V29.S4], (R19)
	VST1 [V30.S4, V31.S4], (R20)
	RET
