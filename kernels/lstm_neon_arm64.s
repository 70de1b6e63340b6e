//go:build arm64 && !purego && !noasm

#include "textflag.h"
#include "elem_neon_arm64.h"

// LSTMF is lstmForwardGeneric on the units at R0..R6 (i, f, g, o, cPrev,
// c, h), loaded by LD and stored by ST, then advances the pointers by step.
// Each activation is stored as soon as it is computed and loaded again for
// c and h (there are no registers left to keep it).
#define LSTMF(LD, ST, step) \
	SET_MAGIC(EXPMAG2); \
	LD(R0, V0); \
	SIGMOID4; \
	ST(V1, R0); \
	LD(R1, V0); \
	SIGMOID4; \
	ST(V1, R1); \
	LD(R3, V0); \
	SIGMOID4; \
	ST(V1, R3); \
	SET_MAGIC(EXPMAG); \
	LD(R2, V0); \
	TANH4; \
	ST(V1, R2); \
	LD(R0, V2); \
	WORD $0x6e21dc40 /* fmul v0.4s, v2.4s, v1.4s */; \
	LD(R1, V3); \
	LD(R4, V4); \
	VFMLA V4.S4, V3.S4, V0.S4 /* c = fma(f, cPrev, i*g) */; \
	ST(V0, R5); \
	TANH4; \
	LD(R3, V2); \
	WORD $0x6e21dc41 /* fmul v1.4s, v2.4s, v1.4s */; \
	ST(V1, R6); \
	ADD   $step, R0; \
	ADD   $step, R1; \
	ADD   $step, R2; \
	ADD   $step, R3; \
	ADD   $step, R4; \
	ADD   $step, R5; \
	ADD   $step, R6

// func lstmForwardNEON(i, f, g, o, cPrev, c, h []float32)
TEXT ·lstmForwardNEON(SB), NOSPLIT, $0-168
	MOVD i_base+0(FP), R0
	MOVD f_base+24(FP), R1
	MOVD g_base+48(FP), R2
	MOVD o_base+72(FP), R3
	MOVD cPrev_base+96(FP), R4
	MOVD c_base+120(FP), R5
	MOVD c_len+128(FP), R7
	MOVD h_base+144(FP), R6
	CBZ  R7, done
	CELL_CONSTS

loop4:
	// four units at a time
	CMP  $4, R7
	BLT  tail
	LSTMF(LDV, STV, 16)
	SUB  $4, R7
	B    loop4

tail:
	// the last 1..3 units one at a time, in lane 0
	CBZ  R7, done
	LSTMF(LD1, ST1, 4)
	SUB  $1, R7
	B    tail

done:
	RET

// LSTMB is lstmBackwardGeneric on the units at R0..R9, R11, R12 (di, df,
// dg, do, i, f, g, o, cPrev, c, dh, dc), every input loaded before any
// output is stored, then advances the pointers by step.
#define LSTMB(LD, ST, step) \
	LD(R9, V0); \
	TANH4 /* V1 = t = tanh(c) */; \
	LD(R7, V2); \
	LD(R11, V3); \
	LD(R12, V4); \
	VMOV  V27.B16, V5.B16 /* dct = fma(dh*o, fma(-t, t, 1), dc) */; \
	VFMLS V1.S4, V1.S4, V5.S4; \
	WORD $0x6e22dc66 /* fmul v6.4s, v3.4s, v2.4s */; \
	VFMLA V5.S4, V6.S4, V4.S4; \
	WORD $0x6e21dc66 /* fmul v6.4s, v3.4s, v1.4s */; \
	VMOV  V2.B16, V7.B16 /* do = (dh*t) * fma(-o, o, o) */; \
	VFMLS V2.S4, V2.S4, V7.S4; \
	WORD $0x6e27dcc6 /* fmul v6.4s, v6.4s, v7.4s */; \
	LD(R4, V2); \
	LD(R5, V3); \
	LD(R6, V5); \
	LD(R8, V8); \
	WORD $0x6e25dc87 /* fmul v7.4s, v4.4s, v5.4s */; \
	VMOV  V2.B16, V9.B16 /* di = (dct*g) * fma(-i, i, i) */; \
	VFMLS V2.S4, V2.S4, V9.S4; \
	WORD $0x6e29dce7 /* fmul v7.4s, v7.4s, v9.4s */; \
	WORD $0x6e28dc88 /* fmul v8.4s, v4.4s, v8.4s */; \
	VMOV  V3.B16, V9.B16 /* df = (dct*cPrev) * fma(-f, f, f) */; \
	VFMLS V3.S4, V3.S4, V9.S4; \
	WORD $0x6e29dd08 /* fmul v8.4s, v8.4s, v9.4s */; \
	WORD $0x6e22dc89 /* fmul v9.4s, v4.4s, v2.4s */; \
	VMOV  V27.B16, V10.B16 /* dg = (dct*i) * fma(-g, g, 1) */; \
	VFMLS V5.S4, V5.S4, V10.S4; \
	WORD $0x6e2add29 /* fmul v9.4s, v9.4s, v10.4s */; \
	WORD $0x6e23dc8a /* fmul v10.4s, v4.4s, v3.4s */; \
	ST(V7, R0); \
	ST(V8, R1); \
	ST(V9, R2); \
	ST(V6, R3); \
	ST(V10, R12); \
	ADD   $step, R0; \
	ADD   $step, R1; \
	ADD   $step, R2; \
	ADD   $step, R3; \
	ADD   $step, R4; \
	ADD   $step, R5; \
	ADD   $step, R6; \
	ADD   $step, R7; \
	ADD   $step, R8; \
	ADD   $step, R9; \
	ADD   $step, R11; \
	ADD   $step, R12

// func lstmBackwardNEON(di, df, dg, do, i, f, g, o, cPrev, c, dh, dc []float32)
TEXT ·lstmBackwardNEON(SB), NOSPLIT, $0-288
	MOVD di_base+0(FP), R0
	MOVD df_base+24(FP), R1
	MOVD dg_base+48(FP), R2
	MOVD do_base+72(FP), R3
	MOVD i_base+96(FP), R4
	MOVD f_base+120(FP), R5
	MOVD g_base+144(FP), R6
	MOVD o_base+168(FP), R7
	MOVD cPrev_base+192(FP), R8
	MOVD c_base+216(FP), R9
	MOVD c_len+224(FP), R13
	MOVD dh_base+240(FP), R11
	MOVD dc_base+264(FP), R12
	CBZ  R13, done
	CELL_CONSTS
	SET_MAGIC(EXPMAG)

loop4:
	// four units at a time
	CMP  $4, R13
	BLT  tail
	LSTMB(LDV, STV, 16)
	SUB  $4, R13
	B    loop4

tail:
	// the last 1..3 units one at a time, in lane 0
	CBZ  R13, done
	LSTMB(LD1, ST1, 4)
	SUB  $1, R13
	B    tail

done:
	RET
