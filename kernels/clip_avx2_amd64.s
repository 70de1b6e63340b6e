//go:build amd64 && !purego && !noasm

#include "textflag.h"
#include "elem_avx2_amd64.h"

// func clipAVX2(x []float32, c float32)
TEXT ·clipAVX2(SB), NOSPLIT, $0-28
	MOVQ         x_base+0(FP), SI
	MOVQ         x_len+8(FP), CX
	VBROADCASTSS c+24(FP), Y15
	VXORPS       Y14, Y14, Y14
	VSUBPS       Y15, Y14, Y14 // Y14 = -c
	CMPQ         CX, $8
	JLT          short

	// Y5 = the last 8 elements clipped (max/min keep a NaN x: it is their second source)
	LEAQ    -32(SI)(CX*4), DX
	VMOVUPS (DX), Y4
	VMAXPS  Y4, Y14, Y5
	VMINPS  Y5, Y15, Y5

loop:
	// x[i:i+8] = min(max(x, -c), c)
	VMOVUPS (SI), Y0
	VMAXPS  Y0, Y14, Y0
	VMINPS  Y0, Y15, Y0
	VMOVUPS Y0, (SI)
	ADDQ    $32, SI
	SUBQ    $8, CX
	CMPQ    CX, $8
	JGE     loop
	VMOVUPS Y5, (DX)
	VZEROUPPER
	RET

short:
	// n < 8: masked
	TESTQ CX, CX
	JZ    done
	TAILMASK
	VMASKMOVPS (SI), Y13, Y0
	VMAXPS     Y0, Y14, Y0
	VMINPS     Y0, Y15, Y0
	VMASKMOVPS Y0, Y13, (SI)
	VZEROUPPER

done:
	RET
