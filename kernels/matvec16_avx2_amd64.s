//go:build amd64 && !purego && !noasm

#include "textflag.h"

// func matVecF16AVX2(y []float32, w []F16, x []float32, add bool)
TEXT ·matVecF16AVX2(SB), NOSPLIT, $0-73
	MOVQ    y_base+0(FP), DI
	MOVQ    y_len+8(FP), BX
	MOVQ    w_base+24(FP), SI
	MOVQ    x_base+48(FP), DX
	MOVQ    x_len+56(FP), CX
	MOVBQZX add+72(FP), R13

// F16 to float32 with F16C: exact, subnormals included.
#define CVT8(m, r) VCVTPH2PS m, r
#define CVT1(m, r) MOVWLZX m, R14; VMOVD R14, r; VCVTPH2PS r, r
#define X16 VMOVUPS (R12), Y8; VMOVUPS 32(R12), Y9
#define ROW16(m, m16, a, b) VCVTPH2PS m, Y10; VCVTPH2PS m16, Y11; VFMADD231PS Y10, Y8, a; VFMADD231PS Y11, Y9, b
#include "matvec16_avx2_amd64.h"
#undef CVT8
#undef CVT1
#undef X16
#undef ROW16

// func matVecBF16AVX2(y []float32, w []BF16, x []float32, add bool)
TEXT ·matVecBF16AVX2(SB), NOSPLIT, $0-73
	MOVQ    y_base+0(FP), DI
	MOVQ    y_len+8(FP), BX
	MOVQ    w_base+24(FP), SI
	MOVQ    x_base+48(FP), DX
	MOVQ    x_len+56(FP), CX
	MOVBQZX add+72(FP), R13

// BF16 to float32: zero-extend each 16-bit value and shift it into the
// upper half. In the main loop, 16 weights are read as 8 dwords, each
// holding an even element (low half) and the next odd one (high half):
// shifting left by 16 gives the even elements as float32, masking off the
// low half the odd ones, and x is permuted to match (Y8 even, Y9 odd:
// VSHUFPS picks them within 128-bit lanes, VPERMPD puts the lanes' halves
// in order), so the conversion takes no shuffle per row.
#define CVT8(m, r) VPMOVZXWD m, r; VPSLLD $16, r, r
#define CVT1(m, r) MOVWLZX m, R14; SHLL $16, R14; VMOVD R14, r
#define X16 VMOVUPS (R12), Y10; VMOVUPS 32(R12), Y11; VSHUFPS $0x88, Y11, Y10, Y8; VSHUFPS $0xdd, Y11, Y10, Y9; VPERMPD $0xd8, Y8, Y8; VPERMPD $0xd8, Y9, Y9
#define ROW16(m, m16, a, b) VMOVDQU m, Y10; VPSLLD $16, Y10, Y11; VPAND ·bf16HiMask(SB), Y10, Y10; VFMADD231PS Y11, Y8, a; VFMADD231PS Y10, Y9, b
#include "matvec16_avx2_amd64.h"
#undef CVT8
#undef CVT1
#undef X16
#undef ROW16

// bf16HiMask is 0xffff0000 in each of eight dwords: the odd BF16 element
// of each pair, as float32.
DATA ·bf16HiMask+0(SB)/8, $0xffff0000ffff0000
DATA ·bf16HiMask+8(SB)/8, $0xffff0000ffff0000
DATA ·bf16HiMask+16(SB)/8, $0xffff0000ffff0000
DATA ·bf16HiMask+24(SB)/8, $0xffff0000ffff0000
GLOBL ·bf16HiMask(SB), RODATA|NOPTR, $32
