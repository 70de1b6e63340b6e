//go:build amd64 && !purego && !noasm

#include "textflag.h"

// func matVecF16AVX512(y []float32, w []F16, x []float32, add bool)
TEXT ·matVecF16AVX512(SB), NOSPLIT, $0-73
	MOVQ    y_base+0(FP), DI
	MOVQ    y_len+8(FP), BX
	MOVQ    w_base+24(FP), SI
	MOVQ    x_base+48(FP), DX
	MOVQ    x_len+56(FP), CX
	MOVBQZX add+72(FP), R13

// F16 to float32 (VCVTPH2PS, AVX512F): exact, subnormals included.
#define CVT16(s, r) VCVTPH2PS s, r
#define X32 VMOVUPS (R12), Z8; VMOVUPS 64(R12), Z9
#define ROW32(m, m32, a, b) VCVTPH2PS m, Z10; VCVTPH2PS m32, Z11; VFMADD231PS Z10, Z8, a; VFMADD231PS Z11, Z9, b
#include "matvec16_avx512_amd64.h"
#undef CVT16
#undef X32
#undef ROW32

// func matVecBF16AVX512(y []float32, w []BF16, x []float32, add bool)
TEXT ·matVecBF16AVX512(SB), NOSPLIT, $0-73
	MOVQ    y_base+0(FP), DI
	MOVQ    y_len+8(FP), BX
	MOVQ    w_base+24(FP), SI
	MOVQ    x_base+48(FP), DX
	MOVQ    x_len+56(FP), CX
	MOVBQZX add+72(FP), R13

	// Z29 = 0xffff0000 in every lane; Z30, Z31 = the indices of the even
	// and odd elements of 32, for VPERMT2PS.
	MOVL         $0xffff0000, AX
	VPBROADCASTD AX, Z29
	VMOVDQU32    ·bf16EvenOdd+0(SB), Z30
	VMOVDQU32    ·bf16EvenOdd+64(SB), Z31

// BF16 to float32: zero-extend each 16-bit value and shift it into the
// upper half. In the main loop, 32 weights are read as 16 dwords, each
// holding an even element (low half) and the next odd one (high half):
// shifting left by 16 gives the even elements as float32, masking off the
// low half the odd ones, and x is permuted to match (Z8 even, Z9 odd).
#define CVT16(s, r) VPMOVZXWD s, r; VPSLLD $16, r, r
#define X32 VMOVUPS (R12), Z8; VMOVUPS 64(R12), Z9; VMOVAPS Z8, Z16; VPERMT2PS Z9, Z30, Z8; VPERMT2PS Z9, Z31, Z16; VMOVAPS Z16, Z9
#define ROW32(m, m32, a, b) VMOVDQU32 m, Z10; VPSLLD $16, Z10, Z11; VPANDD Z29, Z10, Z10; VFMADD231PS Z11, Z8, a; VFMADD231PS Z10, Z9, b
#include "matvec16_avx512_amd64.h"
#undef CVT16
#undef X32
#undef ROW32

// bf16EvenOdd holds the VPERMT2PS indices of the even elements (0, 2, ...,
// 30) and then of the odd ones (1, 3, ..., 31) of two 16-lane vectors.
DATA ·bf16EvenOdd+0(SB)/4, $0
DATA ·bf16EvenOdd+4(SB)/4, $2
DATA ·bf16EvenOdd+8(SB)/4, $4
DATA ·bf16EvenOdd+12(SB)/4, $6
DATA ·bf16EvenOdd+16(SB)/4, $8
DATA ·bf16EvenOdd+20(SB)/4, $10
DATA ·bf16EvenOdd+24(SB)/4, $12
DATA ·bf16EvenOdd+28(SB)/4, $14
DATA ·bf16EvenOdd+32(SB)/4, $16
DATA ·bf16EvenOdd+36(SB)/4, $18
DATA ·bf16EvenOdd+40(SB)/4, $20
DATA ·bf16EvenOdd+44(SB)/4, $22
DATA ·bf16EvenOdd+48(SB)/4, $24
DATA ·bf16EvenOdd+52(SB)/4, $26
DATA ·bf16EvenOdd+56(SB)/4, $28
DATA ·bf16EvenOdd+60(SB)/4, $30
DATA ·bf16EvenOdd+64(SB)/4, $1
DATA ·bf16EvenOdd+68(SB)/4, $3
DATA ·bf16EvenOdd+72(SB)/4, $5
DATA ·bf16EvenOdd+76(SB)/4, $7
DATA ·bf16EvenOdd+80(SB)/4, $9
DATA ·bf16EvenOdd+84(SB)/4, $11
DATA ·bf16EvenOdd+88(SB)/4, $13
DATA ·bf16EvenOdd+92(SB)/4, $15
DATA ·bf16EvenOdd+96(SB)/4, $17
DATA ·bf16EvenOdd+100(SB)/4, $19
DATA ·bf16EvenOdd+104(SB)/4, $21
DATA ·bf16EvenOdd+108(SB)/4, $23
DATA ·bf16EvenOdd+112(SB)/4, $25
DATA ·bf16EvenOdd+116(SB)/4, $27
DATA ·bf16EvenOdd+120(SB)/4, $29
DATA ·bf16EvenOdd+124(SB)/4, $31
GLOBL ·bf16EvenOdd(SB), RODATA|NOPTR, $128
