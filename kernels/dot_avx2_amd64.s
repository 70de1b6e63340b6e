//go:build amd64 && !purego && !noasm

#include "textflag.h"

// func dotAVX2(x, y []float32) float32
TEXT ·dotAVX2(SB), NOSPLIT, $0-52
	MOVQ   x_base+0(FP), SI
	MOVQ   x_len+8(FP), CX
	MOVQ   y_base+24(FP), DI
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	CMPQ   CX, $64
	JLT    loop32

	// n >= 64 and x not 32-byte aligned: Y3 = x[:k]*y[:k] for the k < 8
	// elements (DX = 4k bytes) that bring x to a 32-byte boundary, masked.
	MOVQ       SI, DX
	NEGQ       DX
	ANDQ       $31, DX
	JZ         loop32
	LEAQ       ·tailMask+32(SB), AX
	SUBQ       DX, AX
	VMOVDQU    (AX), Y8
	VMASKMOVPS (SI), Y8, Y4
	VMASKMOVPS (DI), Y8, Y5
	VMULPS     Y5, Y4, Y3
	ADDQ       DX, SI
	ADDQ       DX, DI
	SHRQ       $2, DX
	SUBQ       DX, CX

loop32:
	// Y0..Y3 += x[i:i+32] * y[i:i+32]
	CMPQ        CX, $32
	JLT         loop8
	VMOVUPS     (SI), Y4
	VMOVUPS     32(SI), Y5
	VMOVUPS     64(SI), Y6
	VMOVUPS     96(SI), Y7
	VFMADD231PS (DI), Y4, Y0
	VFMADD231PS 32(DI), Y5, Y1
	VFMADD231PS 64(DI), Y6, Y2
	VFMADD231PS 96(DI), Y7, Y3
	ADDQ        $128, SI
	ADDQ        $128, DI
	SUBQ        $32, CX
	JMP         loop32

loop8:
	// Y0 += x[i:i+8] * y[i:i+8]
	CMPQ        CX, $8
	JLT         tail
	VMOVUPS     (SI), Y4
	VFMADD231PS (DI), Y4, Y0
	ADDQ        $32, SI
	ADDQ        $32, DI
	SUBQ        $8, CX
	JMP         loop8

tail:
	// Y1 += x[i:n] * y[i:n] for the last n-i < 8 elements, masked.
	TESTQ       CX, CX
	JZ          reduce
	LEAQ        ·tailMask+32(SB), AX
	SHLQ        $2, CX
	SUBQ        CX, AX
	VMOVDQU     (AX), Y8
	VMASKMOVPS  (SI), Y8, Y4
	VMASKMOVPS  (DI), Y8, Y5
	VFMADD231PS Y5, Y4, Y1

reduce:
	// X0 = horizontal sum of Y0..Y3
	VADDPS       Y1, Y0, Y0
	VADDPS       Y3, Y2, Y2
	VADDPS       Y2, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPS       X1, X0, X0
	VMOVHLPS     X0, X0, X1
	VADDPS       X1, X0, X0
	VMOVSHDUP    X0, X1
	VADDSS       X1, X0, X0
	VZEROUPPER
	MOVSS        X0, ret+48(FP)
	RET
