//go:build amd64 && !purego && !noasm

#include "textflag.h"
#include "elem_avx512_amd64.h"

// func maxAVX512(x []float32) float32
TEXT ·maxAVX512(SB), NOSPLIT, $0-28
	MOVQ         x_base+0(FP), SI
	MOVQ         x_len+8(FP), CX
	VBROADCASTSS (SI), Z0
	CMPQ         CX, $64
	JLT          one
	VMOVAPS      Z0, Z1
	VMOVAPS      Z0, Z2
	VMOVAPS      Z0, Z3

loop4:
	// Z0-Z3 = max(Z0-Z3, x[i:i+64]) while 64 or more remain
	VMAXPS (SI), Z0, Z0
	VMAXPS 64(SI), Z1, Z1
	VMAXPS 128(SI), Z2, Z2
	VMAXPS 192(SI), Z3, Z3
	ADDQ   $256, SI
	SUBQ   $64, CX
	CMPQ   CX, $64
	JGE    loop4
	VMAXPS Z1, Z0, Z0
	VMAXPS Z3, Z2, Z2
	VMAXPS Z2, Z0, Z0

one:
	// 16 at a time while 16 or more remain
	CMPQ   CX, $16
	JLT    tail
	VMAXPS (SI), Z0, Z0
	ADDQ   $64, SI
	SUBQ   $16, CX
	JMP    one

tail:
	// the last n%16 elements, masked (the other lanes keep Z0)
	TESTQ  CX, CX
	JZ     reduce
	KMASK(K1)
	VMAXPS (SI), Z0, K1, Z0

reduce:
	// X0 = horizontal max of Z0
	VEXTRACTF32X8 $1, Z0, Y1
	VMAXPS        Y1, Y0, Y0
	VEXTRACTF128  $1, Y0, X1
	VMAXPS        X1, X0, X0
	VMOVHLPS      X0, X0, X1
	VMAXPS        X1, X0, X0
	VMOVSHDUP     X0, X1
	VMAXSS        X1, X0, X0
	VZEROUPPER
	MOVSS         X0, ret+24(FP)
	RET

// func expShiftSumAVX512(dst, src []float32, m float32) float32
TEXT ·expShiftSumAVX512(SB), NOSPLIT, $0-60
	MOVQ         dst_base+0(FP), DI
	MOVQ         src_base+24(FP), SI
	MOVQ         src_len+32(FP), CX
	MOVQ         CX, DX
	VBROADCASTSS m+48(FP), Z19
	EXPCONSTS16
	VXORPS       Y13, Y13, Y13
	CMPQ         CX, $64
	JLT          one

loop4:
	// dst[i:i+64] = exp(src[i:i+64] - m); Y13 += each eight in order
	VMOVUPS       (SI), Z0
	VMOVUPS       64(SI), Z3
	VMOVUPS       128(SI), Z6
	VMOVUPS       192(SI), Z9
	VSUBPS        Z19, Z0, Z0
	VSUBPS        Z19, Z3, Z3
	VSUBPS        Z19, Z6, Z6
	VSUBPS        Z19, Z9, Z9
	EXP16X4(Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7, Z8, Z9, Z10, Z11)
	VMOVUPS       Z2, (DI)
	VMOVUPS       Z5, 64(DI)
	VMOVUPS       Z8, 128(DI)
	VMOVUPS       Z11, 192(DI)
	VEXTRACTF32X8 $1, Z2, Y0
	VEXTRACTF32X8 $1, Z5, Y3
	VEXTRACTF32X8 $1, Z8, Y6
	VEXTRACTF32X8 $1, Z11, Y9
	VADDPS        Y2, Y13, Y13
	VADDPS        Y0, Y13, Y13
	VADDPS        Y5, Y13, Y13
	VADDPS        Y3, Y13, Y13
	VADDPS        Y8, Y13, Y13
	VADDPS        Y6, Y13, Y13
	VADDPS        Y11, Y13, Y13
	VADDPS        Y9, Y13, Y13
	ADDQ          $256, SI
	ADDQ          $256, DI
	SUBQ          $64, CX
	CMPQ          CX, $64
	JGE           loop4

one:
	// 16 at a time while 16 or more remain
	CMPQ          CX, $16
	JLT           eight
	VMOVUPS       (SI), Z0
	VSUBPS        Z19, Z0, Z0
	EXP16(Z0, Z1, Z2)
	VMOVUPS       Z2, (DI)
	VEXTRACTF32X8 $1, Z2, Y6
	VADDPS        Y2, Y13, Y13
	VADDPS        Y6, Y13, Y13
	ADDQ          $64, SI
	ADDQ          $64, DI
	SUBQ          $16, CX
	JMP           one

eight:
	// 8 more if 8 or more remain (the upper lanes are zero and unused)
	CMPQ    CX, $8
	JLT     tail
	VMOVUPS (SI), Y0
	VSUBPS  Z19, Z0, Z0
	EXP16(Z0, Z1, Z2)
	VMOVUPS Y2, (DI)
	VADDPS  Y2, Y13, Y13
	ADDQ    $32, SI
	ADDQ    $32, DI
	SUBQ    $8, CX

tail:
	// the last r = n%8 elements go to lanes 8-r..7 of the window
	// [n-8, n) if n >= 8, to lanes 0..r-1 if n < 8
	TESTQ CX, CX
	JZ    reduce
	CMPQ  DX, $8
	JLT   small
	MOVL  $0xff00, AX
	SHRL  CX, AX
	ANDL  $0xff, AX
	KMOVW AX, K1
	LEAQ  -32(SI)(CX*4), SI
	LEAQ  -32(DI)(CX*4), DI
	JMP   last

small:
	KMASK(K1)

last:
	VMOVUPS.Z (SI), K1, Z0
	VSUBPS    Z19, Z0, Z0
	EXP16(Z0, Z1, Z2)
	VMOVUPS   Z2, K1, (DI)
	VMOVAPS.Z Z2, K1, Z2
	VADDPS    Y2, Y13, Y13

reduce:
	// X0 = (l0+l4 + l2+l6) + (l1+l5 + l3+l7) of Y13, as reduce8
	VEXTRACTF128 $1, Y13, X1
	VADDPS       X1, X13, X0
	VMOVHLPS     X0, X0, X1
	VADDPS       X1, X0, X0
	VMOVSHDUP    X0, X1
	VADDSS       X1, X0, X0
	VZEROUPPER
	MOVSS        X0, ret+56(FP)
	RET
