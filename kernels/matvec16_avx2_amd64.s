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
#include "matvec16_avx2_amd64.h"
#undef CVT8
#undef CVT1

// func matVecBF16AVX2(y []float32, w []BF16, x []float32, add bool)
TEXT ·matVecBF16AVX2(SB), NOSPLIT, $0-73
	MOVQ    y_base+0(FP), DI
	MOVQ    y_len+8(FP), BX
	MOVQ    w_base+24(FP), SI
	MOVQ    x_base+48(FP), DX
	MOVQ    x_len+56(FP), CX
	MOVBQZX add+72(FP), R13

// BF16 to float32: zero-extend each 16-bit value and shift it into the
// upper half.
#define CVT8(m, r) VPMOVZXWD m, r; VPSLLD $16, r, r
#define CVT1(m, r) MOVWLZX m, R14; SHLL $16, R14; VMOVD R14, r
#include "matvec16_avx2_amd64.h"
#undef CVT8
#undef CVT1
