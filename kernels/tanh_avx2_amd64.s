//go:build amd64 && !purego && !noasm

#include "textflag.h"
#include "elem_avx2_amd64.h"

// func tanhAVX2(dst, src []float32)
TEXT ·tanhAVX2(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ src_base+24(FP), SI
	MOVQ src_len+32(FP), CX
	TANHCONSTS
	CMPQ CX, $8
	JLT  short

	// Y15 = tanh of the last 8 elements, read before the loop may overwrite them
	VMOVUPS -32(SI)(CX*4), Y14
	TANH8(Y14, Y15)
	LEAQ    -32(DI)(CX*4), DX

loop:
	// dst[i:i+8] = tanh(src[i:i+8]) while 8 or more remain
	VMOVUPS (SI), Y0
	TANH8(Y0, Y8)
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
	TANH8(Y0, Y8)
	VMASKMOVPS Y8, Y13, (DI)
	VZEROUPPER

done:
	RET

// func tanhBackwardAVX2(dst, y, dy []float32)
TEXT ·tanhBackwardAVX2(SB), NOSPLIT, $0-72
	MOVQ    dst_base+0(FP), DI
	MOVQ    dst_len+8(FP), CX
	MOVQ    y_base+24(FP), SI
	MOVQ    dy_base+48(FP), DX
	VMOVUPS ONE, Y15
	CMPQ    CX, $8
	JLT     short

	// Y14 = the last 8 results, from the inputs as they were
	VMOVUPS      -32(SI)(CX*4), Y14
	VFNMADD213PS Y15, Y14, Y14
	VMULPS       -32(DX)(CX*4), Y14, Y14
	LEAQ         -32(DI)(CX*4), R8

loop:
	// dst[i:i+8] = dy * (1 - y*y), 1 - y*y rounded once
	VMOVUPS      (SI), Y0
	VFNMADD213PS Y15, Y0, Y0
	VMULPS       (DX), Y0, Y0
	VMOVUPS      Y0, (DI)
	ADDQ         $32, SI
	ADDQ         $32, DX
	ADDQ         $32, DI
	SUBQ         $8, CX
	CMPQ         CX, $8
	JGE          loop
	VMOVUPS      Y14, (R8)
	VZEROUPPER
	RET

short:
	// n < 8: masked loads and store
	TESTQ        CX, CX
	JZ           done
	LEAQ         ·tailMask+32(SB), AX
	SHLQ         $2, CX
	SUBQ         CX, AX
	VMOVDQU      (AX), Y13
	VMASKMOVPS   (SI), Y13, Y0
	VMASKMOVPS   (DX), Y13, Y1
	VFNMADD213PS Y15, Y0, Y0
	VMULPS       Y1, Y0, Y0
	VMASKMOVPS   Y0, Y13, (DI)
	VZEROUPPER

done:
	RET
