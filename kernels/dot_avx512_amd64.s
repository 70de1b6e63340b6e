//go:build amd64 && !purego && !noasm

#include "textflag.h"
#include "vec_avx512_amd64.h"

// func dotAVX512(x, y []float32) float32
TEXT ·dotAVX512(SB), NOSPLIT, $0-52
	MOVQ   x_base+0(FP), SI
	MOVQ   x_len+8(FP), BX
	MOVQ   y_base+24(FP), DI
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

	// n >= 256 and x not 64-byte aligned: Z7 = x[:k]*y[:k] for the k < 16
	// elements that bring x to a 64-byte boundary, masked.
	MOVQ      SI, CX
	NEGQ      CX
	ANDQ      $63, CX
	JZ        loop128
	SHRQ      $2, CX
	KMASK(K1)
	SUBQ      CX, BX
	VMOVUPS.Z (SI), K1, Z8
	VMOVUPS.Z (DI), K1, Z9
	VMULPS    Z9, Z8, Z7
	LEAQ      (SI)(CX*4), SI
	LEAQ      (DI)(CX*4), DI

loop128:
	// Z0..Z7 += x[i:i+128] * y[i:i+128] while 128 or more remain
	VMOVUPS     (SI), Z8
	VMOVUPS     64(SI), Z9
	VMOVUPS     128(SI), Z10
	VMOVUPS     192(SI), Z11
	VMOVUPS     256(SI), Z12
	VMOVUPS     320(SI), Z13
	VMOVUPS     384(SI), Z14
	VMOVUPS     448(SI), Z15
	VFMADD231PS (DI), Z8, Z0
	VFMADD231PS 64(DI), Z9, Z1
	VFMADD231PS 128(DI), Z10, Z2
	VFMADD231PS 192(DI), Z11, Z3
	VFMADD231PS 256(DI), Z12, Z4
	VFMADD231PS 320(DI), Z13, Z5
	VFMADD231PS 384(DI), Z14, Z6
	VFMADD231PS 448(DI), Z15, Z7
	ADDQ        $512, SI
	ADDQ        $512, DI
	SUBQ        $128, BX
	CMPQ        BX, $128
	JGE         loop128

	// Z0..Z3 += Z4..Z7
	VADDPS Z4, Z0, Z0
	VADDPS Z5, Z1, Z1
	VADDPS Z6, Z2, Z2
	VADDPS Z7, Z3, Z3

block64:
	// Z0..Z3 += x[i:i+64] * y[i:i+64] if 64 or more remain
	CMPQ        BX, $64
	JLT         vec16
	VMOVUPS     (SI), Z8
	VMOVUPS     64(SI), Z9
	VMOVUPS     128(SI), Z10
	VMOVUPS     192(SI), Z11
	VFMADD231PS (DI), Z8, Z0
	VFMADD231PS 64(DI), Z9, Z1
	VFMADD231PS 128(DI), Z10, Z2
	VFMADD231PS 192(DI), Z11, Z3
	ADDQ        $256, SI
	ADDQ        $256, DI
	SUBQ        $64, BX

vec16:
	// Z0, Z1, Z2 += x[i:i+16] * y[i:i+16] while 16 or more remain (at most three)
	CMPQ        BX, $16
	JLT         tail
	VMOVUPS     (SI), Z8
	VFMADD231PS (DI), Z8, Z0
	ADDQ        $64, SI
	ADDQ        $64, DI
	SUBQ        $16, BX
	CMPQ        BX, $16
	JLT         tail
	VMOVUPS     (SI), Z8
	VFMADD231PS (DI), Z8, Z1
	ADDQ        $64, SI
	ADDQ        $64, DI
	SUBQ        $16, BX
	CMPQ        BX, $16
	JLT         tail
	VMOVUPS     (SI), Z8
	VFMADD231PS (DI), Z8, Z2
	ADDQ        $64, SI
	ADDQ        $64, DI
	SUBQ        $16, BX

tail:
	// Z3 += x[i:n] * y[i:n] for the last n-i < 16 elements, masked; then
	// X0 = the sum of Z0..Z3's lanes
	MOVQ        BX, CX
	KMASK(K1)
	VMOVUPS.Z   (SI), K1, Z8
	VMOVUPS.Z   (DI), K1, Z9
	VFMADD231PS Z9, Z8, Z3
	VADDPS      Z1, Z0, Z0
	VADDPS      Z3, Z2, Z2
	VADDPS      Z2, Z0, Z0
	HSUMZ0
	VZEROUPPER
	MOVSS       X0, ret+48(FP)
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
	VMULPS      (DI), Z8, Z0
	VMULPS      64(DI), Z9, Z1
	SUBQ        $32, CX
	CMPQ        CX, $16
	JLE         small3
	VMOVUPS     128(SI), Z8
	VFMADD231PS 128(DI), Z8, Z0
	SUBQ        $16, CX
	ADDQ        $64, SI
	ADDQ        $64, DI

small3:
	// Z1 += the last CX <= 16 products, masked
	KMASK(K1)
	VMOVUPS.Z   128(SI), K1, Z8
	VMOVUPS.Z   128(DI), K1, Z9
	VFMADD231PS Z9, Z8, Z1
	VADDPS      Z1, Z0, Z0
	HSUMZ0
	VZEROUPPER
	MOVSS       X0, ret+48(FP)
	RET

small2:
	VMOVUPS     (SI), Z8
	VMULPS      (DI), Z8, Z0
	SUBQ        $16, CX
	KMASK(K1)
	VMOVUPS.Z   64(SI), K1, Z8
	VMOVUPS.Z   64(DI), K1, Z9
	VFMADD231PS Z9, Z8, Z0
	HSUMZ0
	VZEROUPPER
	MOVSS       X0, ret+48(FP)
	RET

small1:
	KMASK(K1)
	VMOVUPS.Z   (SI), K1, Z8
	VMOVUPS.Z   (DI), K1, Z9
	VMULPS      Z9, Z8, Z0
	HSUMZ0
	VZEROUPPER
	MOVSS       X0, ret+48(FP)
	RET
