//go:build amd64 && !purego && !noasm

#include "textflag.h"

// func fmaAVX2(n int, a, b float32) float32
TEXT ·fmaAVX2(SB), NOSPLIT, $0-20
	MOVQ         n+0(FP), CX
	VBROADCASTSS a+8(FP), Y12
	VBROADCASTSS b+12(FP), Y13
	VXORPS       Y0, Y0, Y0
	VXORPS       Y1, Y1, Y1
	VXORPS       Y2, Y2, Y2
	VXORPS       Y3, Y3, Y3
	VXORPS       Y4, Y4, Y4
	VXORPS       Y5, Y5, Y5
	VXORPS       Y6, Y6, Y6
	VXORPS       Y7, Y7, Y7
	VXORPS       Y8, Y8, Y8
	VXORPS       Y9, Y9, Y9
	VXORPS       Y10, Y10, Y10
	VXORPS       Y11, Y11, Y11

loop:
	// Y0..Y11 += a*b: twelve independent chains
	VFMADD231PS Y13, Y12, Y0
	VFMADD231PS Y13, Y12, Y1
	VFMADD231PS Y13, Y12, Y2
	VFMADD231PS Y13, Y12, Y3
	VFMADD231PS Y13, Y12, Y4
	VFMADD231PS Y13, Y12, Y5
	VFMADD231PS Y13, Y12, Y6
	VFMADD231PS Y13, Y12, Y7
	VFMADD231PS Y13, Y12, Y8
	VFMADD231PS Y13, Y12, Y9
	VFMADD231PS Y13, Y12, Y10
	VFMADD231PS Y13, Y12, Y11
	DECQ        CX
	JNZ         loop

	// X0 = sum of the 96 lanes of Y0..Y11
	VADDPS       Y1, Y0, Y0
	VADDPS       Y3, Y2, Y2
	VADDPS       Y5, Y4, Y4
	VADDPS       Y7, Y6, Y6
	VADDPS       Y9, Y8, Y8
	VADDPS       Y11, Y10, Y10
	VADDPS       Y2, Y0, Y0
	VADDPS       Y6, Y4, Y4
	VADDPS       Y10, Y8, Y8
	VADDPS       Y4, Y0, Y0
	VADDPS       Y8, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPS       X1, X0, X0
	VMOVHLPS     X0, X0, X1
	VADDPS       X1, X0, X0
	VMOVSHDUP    X0, X1
	VADDSS       X1, X0, X0
	VZEROUPPER
	MOVSS        X0, ret+16(FP)
	RET

// func readAVX2(x, y []float32, passes int) float32
TEXT ·readAVX2(SB), NOSPLIT, $0-60
	MOVQ   x_base+0(FP), SI
	MOVQ   x_len+8(FP), DX
	MOVQ   y_base+24(FP), R8
	MOVQ   passes+48(FP), BX
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7

pass:
	// start a pass: DI = x, R9 = y, CX = len(x)
	MOVQ SI, DI
	MOVQ R8, R9
	MOVQ DX, CX

loop:
	// Y0..Y3 += x[i:i+32]; Y4..Y7 += y[i:i+32]
	VADDPS (DI), Y0, Y0
	VADDPS 32(DI), Y1, Y1
	VADDPS 64(DI), Y2, Y2
	VADDPS 96(DI), Y3, Y3
	VADDPS (R9), Y4, Y4
	VADDPS 32(R9), Y5, Y5
	VADDPS 64(R9), Y6, Y6
	VADDPS 96(R9), Y7, Y7
	ADDQ   $128, DI
	ADDQ   $128, R9
	SUBQ   $32, CX
	JNZ    loop
	DECQ   BX
	JNZ    pass

	// X0 = sum of the 64 lanes of Y0..Y7
	VADDPS       Y1, Y0, Y0
	VADDPS       Y3, Y2, Y2
	VADDPS       Y5, Y4, Y4
	VADDPS       Y7, Y6, Y6
	VADDPS       Y2, Y0, Y0
	VADDPS       Y6, Y4, Y4
	VADDPS       Y4, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPS       X1, X0, X0
	VMOVHLPS     X0, X0, X1
	VADDPS       X1, X0, X0
	VMOVSHDUP    X0, X1
	VADDSS       X1, X0, X0
	VZEROUPPER
	MOVSS        X0, ret+56(FP)
	RET

// func writeAVX2(x []float32, v float32, passes int)
TEXT ·writeAVX2(SB), NOSPLIT, $0-40
	MOVQ         x_base+0(FP), SI
	MOVQ         x_len+8(FP), DX
	VBROADCASTSS v+24(FP), Y0
	MOVQ         passes+32(FP), BX

wpass:
	// start a pass: DI = x, CX = len(x)
	MOVQ SI, DI
	MOVQ DX, CX

wloop:
	// x[i:i+64] = v
	VMOVUPS Y0, (DI)
	VMOVUPS Y0, 32(DI)
	VMOVUPS Y0, 64(DI)
	VMOVUPS Y0, 96(DI)
	VMOVUPS Y0, 128(DI)
	VMOVUPS Y0, 160(DI)
	VMOVUPS Y0, 192(DI)
	VMOVUPS Y0, 224(DI)
	ADDQ    $256, DI
	SUBQ    $64, CX
	JNZ     wloop
	DECQ    BX
	JNZ     wpass
	VZEROUPPER
	RET
