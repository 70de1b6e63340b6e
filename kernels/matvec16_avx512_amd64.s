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
#include "matvec16_avx512_amd64.h"
#undef CVT16

// func matVecBF16AVX512(y []float32, w []BF16, x []float32, add bool)
TEXT ·matVecBF16AVX512(SB), NOSPLIT, $0-73
	MOVQ    y_base+0(FP), DI
	MOVQ    y_len+8(FP), BX
	MOVQ    w_base+24(FP), SI
	MOVQ    x_base+48(FP), DX
	MOVQ    x_len+56(FP), CX
	MOVBQZX add+72(FP), R13

// BF16 to float32: zero-extend each 16-bit value and shift it into the
// upper half.
#define CVT16(s, r) VPMOVZXWD s, r; VPSLLD $16, r, r
#include "matvec16_avx512_amd64.h"
#undef CVT16
