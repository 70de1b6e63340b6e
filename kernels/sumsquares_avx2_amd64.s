//go:build amd64 && !purego && !noasm

#include "textflag.h"
#include "elem_avx2_amd64.h"

// func sumSquaresAVX2(x []float32) float32
TEXT ·sumSquaresAVX2(SB), NOSPLIT, $0-28
	MOVQ   x_base+0(FP), SI
	MOVQ   x_len+8(FP), CX
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	CMPQ   CX, $32
	JLT    loop8

loop32:
	// Y0..Y3 += x[i:i+32]^2
	VMOVUPS     (SI), Y4
	VMOVUPS     32(SI), Y5
	VMOVUPS     64(SI), Y6
	VMOVUPS     96(SI), Y7
	VFMADD231PS Y4, Y4, Y0
	VFMADD231PS Y5, Y5, Y1
	VFMADD231PS Y6, Y6, Y2
	VFMADD231PS Y7, Y7, Y3
	ADDQ        $128, SI
	SUBQ        $32, CX
	CMPQ        CX, $32
	JGE         loop32

loop8:
	// Y0 += x[i:i+8]^2
	CMPQ        CX, $8
	JLT         tail
	VMOVUPS     (SI), Y4
	VFMADD231PS Y4, Y4, Y0
	ADDQ        $32, SI
	SUBQ        $8, CX
	JMP         loop8

tail:
	// Y1 += x[i:n]^2 for the last n-i < 8 elements, masked load
	TESTQ       CX, CX
	JZ          reduce
	TAILMASK
	VMASKMOVPS  (SI), Y13, Y4
	VFMADD231PS Y4, Y4, Y1

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
	MOVSS        X0, ret+24(FP)
	RET
