//go:build amd64 && !purego && !noasm

#include "textflag.h"

// func scaleAVX2(alpha float32, x []float32)
TEXT ·scaleAVX2(SB), NOSPLIT, $0-32
	MOVQ         x_base+8(FP), DI
	MOVQ         x_len+16(FP), CX
	VBROADCASTSS alpha+0(FP), Y0
	CMPQ         CX, $8
	JLT          small

	// Y15 = alpha * x[n-8:n] from the original x, stored last.
	VMULPS -32(DI)(CX*4), Y0, Y15
	MOVQ   DI, R8
	XORQ   DX, DX
	CMPQ   CX, $32
	JLT    loop8

	// n >= 32 and x not 32-byte aligned: Y14 = alpha * x[0:8], stored
	// last; the loops start at the k < 8 elements (DX = 4k bytes) that
	// bring x to a 32-byte boundary.
	MOVQ   DI, DX
	NEGQ   DX
	ANDQ   $31, DX
	JZ     loop32
	VMULPS (DI), Y0, Y14
	ADDQ   DX, DI
	SHRQ   $2, DX
	SUBQ   DX, CX
	CMPQ   CX, $32
	JLT    loop8

loop32:
	// x[i:i+32] *= alpha
	VMULPS  (DI), Y0, Y1
	VMULPS  32(DI), Y0, Y2
	VMULPS  64(DI), Y0, Y3
	VMULPS  96(DI), Y0, Y4
	VMOVUPS Y1, (DI)
	VMOVUPS Y2, 32(DI)
	VMOVUPS Y3, 64(DI)
	VMOVUPS Y4, 96(DI)
	ADDQ    $128, DI
	SUBQ    $32, CX
	CMPQ    CX, $32
	JGE     loop32

loop8:
	// x[i:i+8] *= alpha
	CMPQ    CX, $8
	JLT     last
	VMULPS  (DI), Y0, Y1
	VMOVUPS Y1, (DI)
	ADDQ    $32, DI
	SUBQ    $8, CX
	JMP     loop8

last:
	// x[n-8:n] = Y15 (CX < 8 elements remain after DI); x[0:8] = Y14 if
	// the loops started past x[0] (DX != 0)
	VMOVUPS Y15, -32(DI)(CX*4)
	TESTQ   DX, DX
	JZ      done
	VMOVUPS Y14, (R8)
	VZEROUPPER
	RET

small:
	// n < 8: masked load, multiply and masked store of the first n elements.
	TESTQ      CX, CX
	JZ         done
	LEAQ       ·tailMask+32(SB), AX
	SHLQ       $2, CX
	SUBQ       CX, AX
	VMOVDQU    (AX), Y8
	VMASKMOVPS (DI), Y8, Y1
	VMULPS     Y1, Y0, Y1
	VMASKMOVPS Y1, Y8, (DI)

done:
	VZEROUPPER
	RET
