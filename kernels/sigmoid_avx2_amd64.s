//go:build amd64 && !purego && !noasm

#include "textflag.h"
#include "elem_avx2_amd64.h"

// func sigmoidAVX2(dst, src []float32)
TEXT ·sigmoidAVX2(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ src_base+24(FP), SI
	MOVQ src_len+32(FP), CX
	SIGMOIDCONSTS
	CMPQ CX, $8
	JLT  short

	// Y15 = sigmoid of the last 8 elements, read before the loop may overwrite them
	VMOVUPS -32(SI)(CX*4), Y14
	SIGMOID8(Y14, Y15)
	LEAQ    -32(DI)(CX*4), DX

loop:
	// dst[i:i+8] = sigmoid(src[i:i+8]) while 8 or more remain
	VMOVUPS (SI), Y0
	SIGMOID8(Y0, Y8)
	VMOVUPS Y8, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DI
	SUBQ    $8, CX
	CMPQ    CX, $8
	JGE     loop

	// the last 8 elements (overlapping the loop's last vector)
	VMOVUPS Y15, (DX)
	VZEROUPPER
	RET

short:
	// n < 8: masked load and store of the first n lanes
	TESTQ      CX, CX
	JZ         done
	LEAQ       ·tailMask+32(SB), AX
	SHLQ       $2, CX
	SUBQ       CX, AX
	VMOVDQU    (AX), Y13
	VMASKMOVPS (SI), Y13, Y0
	SIGMOID8(Y0, Y8)
	VMASKMOVPS Y8, Y13, (DI)
	VZEROUPPER

done:
	RET
