//go:build amd64 && !purego && !noasm

#include "textflag.h"
#include "vec_avx512_amd64.h"

// func scaleAVX512(alpha float32, x []float32)
TEXT ·scaleAVX512(SB), NOSPLIT, $0-32
	MOVQ         x_base+8(FP), DI
	MOVQ         x_len+16(FP), BX
	VBROADCASTSS alpha+0(FP), Z0
	CMPQ         BX, $16
	JLE          tail
	CMPQ         BX, $64
	JLT          loop16

	// n >= 64 and x not 64-byte aligned: x[:k] *= alpha, masked, for the
	// k < 16 elements that bring x to a 64-byte boundary.
	MOVQ      DI, CX
	NEGQ      CX
	ANDQ      $63, CX
	JZ        loop64
	SHRQ      $2, CX
	KMASK(K1)
	VMULPS    (DI), Z0, K1, Z1
	VMOVUPS   Z1, K1, (DI)
	LEAQ      (DI)(CX*4), DI
	SUBQ      CX, BX

loop64:
	// x[i:i+64] *= alpha while 64 or more remain
	CMPQ    BX, $64
	JLT     loop16
	VMULPS  (DI), Z0, Z1
	VMULPS  64(DI), Z0, Z2
	VMULPS  128(DI), Z0, Z3
	VMULPS  192(DI), Z0, Z4
	VMOVUPS Z1, (DI)
	VMOVUPS Z2, 64(DI)
	VMOVUPS Z3, 128(DI)
	VMOVUPS Z4, 192(DI)
	ADDQ    $256, DI
	SUBQ    $64, BX
	JMP     loop64

loop16:
	// x[i:i+16] *= alpha while 16 or more remain
	CMPQ    BX, $16
	JLT     tail
	VMULPS  (DI), Z0, Z1
	VMOVUPS Z1, (DI)
	ADDQ    $64, DI
	SUBQ    $16, BX
	JMP     loop16

tail:
	// the last n-i <= 16 elements, masked
	MOVQ    BX, CX
	KMASK(K1)
	VMULPS  (DI), Z0, K1, Z1
	VMOVUPS Z1, K1, (DI)
	VZEROUPPER
	RET
