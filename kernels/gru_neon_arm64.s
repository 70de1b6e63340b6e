//go:build arm64 && !purego && !noasm

#include "textflag.h"
#include "elem_neon_arm64.h"

// GRUF is gruForwardGeneric on the units at R0..R7 (r, z, n, hr, hz, hn,
// hPrev, h), then advances the pointers by step; r and z are stored as
// soon as they are computed and loaded again.
#define GRUF(LD, ST, step) \
	SET_MAGIC(EXPMAG2); \
	LD(R0, V0); \
	LD(R3, V1); \
	WORD $0x4e21d400 /* fadd v0.4s, v0.4s, v1.4s */; \
	SIGMOID4; \
	ST(V1, R0); \
	LD(R1, V0); \
	LD(R4, V1); \
	WORD $0x4e21d400 /* fadd v0.4s, v0.4s, v1.4s */; \
	SIGMOID4; \
	ST(V1, R1); \
	SET_MAGIC(EXPMAG); \
	LD(R0, V2); \
	LD(R5, V3); \
	LD(R2, V0); \
	VFMLA V3.S4, V2.S4, V0.S4 /* n = tanh(fma(r, hn, n)) */; \
	TANH4; \
	LD(R6, V2); \
	ST(V1, R2); \
	WORD $0x4ea1d442 /* fsub v2.4s, v2.4s, v1.4s */; \
	LD(R1, V3); \
	VMOV  V1.B16, V4.B16 /* h = fma(z, hPrev - n, n) */; \
	VFMLA V2.S4, V3.S4, V4.S4; \
	ST(V4, R7); \
	ADD   $step, R0; \
	ADD   $step, R1; \
	ADD   $step, R2; \
	ADD   $step, R3; \
	ADD   $step, R4; \
	ADD   $step, R5; \
	ADD   $step, R6; \
	ADD   $step, R7

// func gruForwardNEON(r, z, n, hr, hz, hn, hPrev, h []float32)
TEXT ·gruForwardNEON(SB), NOSPLIT, $0-192
	MOVD r_base+0(FP), R0
	MOVD z_base+24(FP), R1
	MOVD n_base+48(FP), R2
	MOVD hr_base+72(FP), R3
	MOVD hz_base+96(FP), R4
	MOVD hn_base+120(FP), R5
	MOVD hPrev_base+144(FP), R6
	MOVD h_base+168(FP), R7
	MOVD h_len+176(FP), R8
	CBZ  R8, done
	CELL_CONSTS

loop4:
	// four units at a time
	CMP  $4, R8
	BLT  tail
	GRUF(LDV, STV, 16)
	SUB  $4, R8
	B    loop4

tail:
	// the last 1..3 units one at a time, in lane 0
	CBZ  R8, done
	GRUF(LD1, ST1, 4)
	SUB  $1, R8
	B    tail

done:
	RET

// GRUB is gruBackwardGeneric on the units at R0..R9, R11 (dr, dz, dn, dhn,
// dhPrev, r, z, n, hn, hPrev, dh), every input loaded before any output is
// stored, then advances the pointers by step. Needs 1 in V27.
#define GRUB(LD, ST, step) \
	LD(R5, V0); \
	LD(R6, V1); \
	LD(R7, V2); \
	LD(R8, V3); \
	LD(R9, V4); \
	LD(R11, V5); \
	WORD $0x4ea1d766 /* fsub v6.4s, v27.4s, v1.4s */; \
	WORD $0x6e26dca6 /* fmul v6.4s, v5.4s, v6.4s */; \
	VMOV  V27.B16, V7.B16 /* dn = (dh*(1-z)) * fma(-n, n, 1) */; \
	VFMLS V2.S4, V2.S4, V7.S4; \
	WORD $0x6e27dcc6 /* fmul v6.4s, v6.4s, v7.4s */; \
	WORD $0x4ea2d484 /* fsub v4.4s, v4.4s, v2.4s */; \
	WORD $0x6e24dca4 /* fmul v4.4s, v5.4s, v4.4s */; \
	VMOV  V1.B16, V7.B16 /* dz = (dh*(hPrev-n)) * fma(-z, z, z) */; \
	VFMLS V1.S4, V1.S4, V7.S4; \
	WORD $0x6e27dc84 /* fmul v4.4s, v4.4s, v7.4s */; \
	WORD $0x6e23dcc7 /* fmul v7.4s, v6.4s, v3.4s */; \
	VMOV  V0.B16, V8.B16 /* dr = (dn*hn) * fma(-r, r, r) */; \
	VFMLS V0.S4, V0.S4, V8.S4; \
	WORD $0x6e28dce7 /* fmul v7.4s, v7.4s, v8.4s */; \
	WORD $0x6e20dcc8 /* fmul v8.4s, v6.4s, v0.4s */; \
	WORD $0x6e21dca9 /* fmul v9.4s, v5.4s, v1.4s */; \
	ST(V7, R0); \
	ST(V4, R1); \
	ST(V6, R2); \
	ST(V8, R3); \
	ST(V9, R4); \
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
	ADD   $step, R11

// func gruBackwardNEON(dr, dz, dn, dhn, dhPrev, r, z, n, hn, hPrev, dh []float32)
TEXT ·gruBackwardNEON(SB), NOSPLIT, $0-264
	MOVD dr_base+0(FP), R0
	MOVD dz_base+24(FP), R1
	MOVD dn_base+48(FP), R2
	MOVD dhn_base+72(FP), R3
	MOVD dhPrev_base+96(FP), R4
	MOVD r_base+120(FP), R5
	MOVD z_base+144(FP), R6
	MOVD n_base+168(FP), R7
	MOVD hn_base+192(FP), R8
	MOVD hPrev_base+216(FP), R9
	MOVD dh_base+240(FP), R11
	MOVD dh_len+248(FP), R12
	CBZ  R12, done
	MOVW $0x3f800000, R10
	VDUP R10, V27.S4

loop4:
	// four units at a time
	CMP  $4, R12
	BLT  tail
	GRUB(LDV, STV, 16)
	SUB  $4, R12
	B    loop4

tail:
	// the last 1..3 units one at a time, in lane 0
	CBZ  R12, done
	GRUB(LD1, ST1, 4)
	SUB  $1, R12
	B    tail

done:
	RET
