//go:build amd64 && !purego && !noasm

#include "textflag.h"
#include "elem_avx2_amd64.h"

// func maxAVX2Len8(x []float32) float32
TEXT ·maxAVX2Len8(SB), NOSPLIT, $0-28
	MOVQ x_base+0(FP), SI
	MOVQ x_len+8(FP), CX

	// Y0 = the last 8 elements (len(x) >= 8)
	VMOVUPS -32(SI)(CX*4), Y0

loop:
	// Y0 = max(Y0, x[i:i+8]) while 8 or more remain
	VMAXPS (SI), Y0, Y0
	ADDQ   $32, SI
	SUBQ   $8, CX
	CMPQ   CX, $8
	JGE    loop

	// X0 = horizontal max of Y0
	VEXTRACTF128 $1, Y0, X1
	VMAXPS       X1, X0, X0
	VMOVHLPS     X0, X0, X1
	VMAXPS       X1, X0, X0
	VMOVSHDUP    X0, X1
	VMAXSS       X1, X0, X0
	VZEROUPPER
	MOVSS        X0, ret+24(FP)
	RET

// func expShiftSumAVX2(dst, src []float32, m float32) float32
TEXT ·expShiftSumAVX2(SB), NOSPLIT, $0-60
	MOVQ         dst_base+0(FP), DI
	MOVQ         src_base+24(FP), SI
	MOVQ         src_len+32(FP), CX
	VBROADCASTSS m+48(FP), Y10
	VXORPS       Y9, Y9, Y9
	CMPQ         CX, $8
	JLT          short

	// Y15 = exp(src[n-8:n] - m) from src as it was, Y13 = its lanes that the
	// loop does not cover (lastMask at n%8)
	VMOVUPS -32(SI)(CX*4), Y14
	VSUBPS  Y10, Y14, Y14
	EXP8(Y14, Y15)
	LEAQ    -32(DI)(CX*4), DX
	MOVQ    CX, AX
	ANDQ    $7, AX
	LEAQ    ·lastMask(SB), BX
	VMOVDQU (BX)(AX*4), Y12
	VANDPS  Y12, Y15, Y13

loop:
	// dst[i:i+8] = exp(src[i:i+8] - m), Y9 += the same
	VMOVUPS (SI), Y0
	VSUBPS  Y10, Y0, Y0
	EXPCHECK(Y0)
	TESTL   AX, AX
	JNZ     general
	EXPFAST8(Y0, Y8)

store:
	VMOVUPS Y8, (DI)
	VADDPS  Y8, Y9, Y9
	ADDQ    $32, SI
	ADDQ    $32, DI
	SUBQ    $8, CX
	CMPQ    CX, $8
	JGE     loop

	// the last 8 elements, and the sum of the new ones
	VMOVUPS Y15, (DX)
	VADDPS  Y13, Y9, Y9
	JMP     reduce

general:
	// some lane has |src[i]-m| > 87
	EXP8(Y0, Y8)
	JMP store

short:
	// n < 8: masked load and store; Y9 = the n values
	TESTQ      CX, CX
	JZ         reduce
	LEAQ       ·tailMask+32(SB), AX
	SHLQ       $2, CX
	SUBQ       CX, AX
	VMOVDQU    (AX), Y13
	VMASKMOVPS (SI), Y13, Y0
	VSUBPS     Y10, Y0, Y0
	EXP8(Y0, Y8)
	VMASKMOVPS Y8, Y13, (DI)
	VANDPS     Y13, Y8, Y9

reduce:
	// X0 = (l0+l4 + l2+l6) + (l1+l5 + l3+l7) of Y9, as reduce8
	VEXTRACTF128 $1, Y9, X1
	VADDPS       X1, X9, X0
	VMOVHLPS     X0, X0, X1
	VADDPS       X1, X0, X0
	VMOVSHDUP    X0, X1
	VADDSS       X1, X0, X0
	VZEROUPPER
	MOVSS        X0, ret+56(FP)
	RET
