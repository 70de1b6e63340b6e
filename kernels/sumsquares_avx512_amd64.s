//go:build amd64 && !purego && !noasm

#include "textflag.h"
#include "vec_avx512_amd64.h"

// func sumSquaresAVX512(x []float32) float32
TEXT ·sumSquaresAVX512(SB), NOSPLIT, $0-28
	MOVQ   x_base+0(FP), SI
	MOVQ   x_len+8(FP), BX
	CMPQ   BX, $64
	JLE    small
	VPXORD Z0, Z0, Z0
	VPXORD Z1, Z1, Z1
	VPXORD Z2, Z2, Z2
	VPXORD Z3, Z3, Z3
	CMPQ   BX, $128
	JLT    block64
	VPXORD Z4, Z4, Z4
	VPXORD Z5, Z5, Z5
	VPXORD Z6, Z6, Z6
	VPXORD Z7, Z7, Z7
	CMPQ   BX, $256
	JLT    loop128

	// n >= 256 and x not 64-byte aligned: Z7 = x[:k]^2 for the k < 16
	// elements that bring x to a 64-byte boundary, masked.
	MOVQ      SI, CX
	NEGQ      CX
	ANDQ      $63, CX
	JZ        loop128
	SHRQ      $2, CX
	KMASK(K1)
	SUBQ      CX, BX
	VMOVUPS.Z (SI), K1, Z8
	VMULPS    Z8, Z8, Z7
	LEAQ      (SI)(CX*4), SI

loop128:
	// Z0..Z7 += x[i:i+128]^2 while 128 or more remain
	VMOVUPS     (SI), Z8
	VMOVUPS     64(SI), Z9
	VMOVUPS     128(SI), Z10
	VMOVUPS     192(SI), Z11
	VMOVUPS     256(SI), Z12
	VMOVUPS     320(SI), Z13
	VMOVUPS     384(SI), Z14
	VMOVUPS     448(SI), Z15
	VFMADD231PS Z8, Z8, Z0
	VFMADD231PS Z9, Z9, Z1
	VFMADD231PS Z10, Z10, Z2
	VFMADD231PS Z11, Z11, Z3
	VFMADD231PS Z12, Z12, Z4
	VFMADD231PS Z13, Z13, Z5
	VFMADD231PS Z14, Z14, Z6
	VFMADD231PS Z15, Z15, Z7
	ADDQ        $512, SI
	SUBQ        $128, BX
	CMPQ        BX, $128
	JGE         loop128

	// Z0..Z3 += Z4..Z7
	VADDPS Z4, Z0, Z0
	VADDPS Z5, Z1, Z1
	VADDPS Z6, Z2, Z2
	VADDPS Z7, Z3, Z3

block64:
	// Z0..Z3 += x[i:i+64]^2 if 64 or more remain
	CMPQ        BX, $64
	JLT         vec16
	VMOVUPS     (SI), Z8
	VMOVUPS     64(SI), Z9
	VMOVUPS     128(SI), Z10
	VMOVUPS     192(SI), Z11
	VFMADD231PS Z8, Z8, Z0
	VFMADD231PS Z9, Z9, Z1
	VFMADD231PS Z10, Z10, Z2
	VFMADD231PS Z11, Z11, Z3
	ADDQ        $256, SI
	SUBQ        $64, BX

vec16:
	// Z0, Z1, Z2 += x[i:i+16]^2 while 16 or more remain (at most three)
	CMPQ        BX, $16
	JLT         tail
	VMOVUPS     (SI), Z8
	VFMADD231PS Z8, Z8, Z0
	ADDQ        $64, SI
	SUBQ        $16, BX
	CMPQ        BX, $16
	JLT         tail
	VMOVUPS     (SI), Z8
	VFMADD231PS Z8, Z8, Z1
	ADDQ        $64, SI
	SUBQ        $16, BX
	CMPQ        BX, $16
	JLT         tail
	VMOVUPS     (SI), Z8
	VFMADD231PS Z8, Z8, Z2
	ADDQ        $64, SI
	SUBQ        $16, BX

tail:
	// Z3 += x[i:n]^2 for the last n-i < 16 elements, masked; then
	// X0 = the sum of Z0..Z3's lanes
	MOVQ        BX, CX
	KMASK(K1)
	VMOVUPS.Z   (SI), K1, Z8
	VFMADD231PS Z8, Z8, Z3
	VADDPS      Z1, Z0, Z0
	VADDPS      Z3, Z2, Z2
	VADDPS      Z2, Z0, Z0
	HSUMZ0
	VZEROUPPER
	MOVSS       X0, ret+24(FP)
	RET

small:
	// n <= 64: up to four vectors, the last one masked
	MOVQ        BX, CX
	CMPQ        BX, $16
	JLE         small1
	CMPQ        BX, $32
	JLE         small2
	VMOVUPS     (SI), Z8
	VMOVUPS     64(SI), Z9
	VMULPS      Z8, Z8, Z0
	VMULPS      Z9, Z9, Z1
	SUBQ        $32, CX
	CMPQ        CX, $16
	JLE         small3
	VMOVUPS     128(SI), Z8
	VFMADD231PS Z8, Z8, Z0
	SUBQ        $16, CX
	ADDQ        $64, SI

small3:
	// Z1 += the last CX <= 16 squares, masked
	KMASK(K1)
	VMOVUPS.Z   128(SI), K1, Z8
	VFMADD231PS Z8, Z8, Z1
	VADDPS      Z1, Z0, Z0
	HSUMZ0
	VZEROUPPER
	MOVSS       X0, ret+24(FP)
	RET

small2:
	VMOVUPS     (SI), Z8
	VMULPS      Z8, Z8, Z0
	SUBQ        $16, CX
	KMASK(K1)
	VMOVUPS.Z   64(SI), K1, Z8
	VFMADD231PS Z8, Z8, Z0
	HSUMZ0
	VZEROUPPER
	MOVSS       X0, ret+24(FP)
	RET

small1:
	KMASK(K1)
	VMOVUPS.Z   (SI), K1, Z8
	VMULPS      Z8, Z8, Z0
	HSUMZ0
	VZEROUPPER
	MOVSS       X0, ret+24(FP)
	RET
