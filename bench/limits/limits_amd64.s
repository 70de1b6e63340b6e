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

// func fmaAVX512(n int, a, b float32) float32
TEXT ·fmaAVX512(SB), NOSPLIT, $0-20
	MOVQ         n+0(FP), CX
	VBROADCASTSS a+8(FP), Z24
	VBROADCASTSS b+12(FP), Z25
	VPXORD       Z0, Z0, Z0
	VPXORD       Z1, Z1, Z1
	VPXORD       Z2, Z2, Z2
	VPXORD       Z3, Z3, Z3
	VPXORD       Z4, Z4, Z4
	VPXORD       Z5, Z5, Z5
	VPXORD       Z6, Z6, Z6
	VPXORD       Z7, Z7, Z7
	VPXORD       Z8, Z8, Z8
	VPXORD       Z9, Z9, Z9
	VPXORD       Z10, Z10, Z10
	VPXORD       Z11, Z11, Z11
	VPXORD       Z12, Z12, Z12
	VPXORD       Z13, Z13, Z13
	VPXORD       Z14, Z14, Z14
	VPXORD       Z15, Z15, Z15
	VPXORD       Z16, Z16, Z16
	VPXORD       Z17, Z17, Z17
	VPXORD       Z18, Z18, Z18
	VPXORD       Z19, Z19, Z19
	VPXORD       Z20, Z20, Z20
	VPXORD       Z21, Z21, Z21
	VPXORD       Z22, Z22, Z22
	VPXORD       Z23, Z23, Z23

loop512:
	// Z0..Z23 += a*b: twenty-four independent chains
	VFMADD231PS Z25, Z24, Z0
	VFMADD231PS Z25, Z24, Z1
	VFMADD231PS Z25, Z24, Z2
	VFMADD231PS Z25, Z24, Z3
	VFMADD231PS Z25, Z24, Z4
	VFMADD231PS Z25, Z24, Z5
	VFMADD231PS Z25, Z24, Z6
	VFMADD231PS Z25, Z24, Z7
	VFMADD231PS Z25, Z24, Z8
	VFMADD231PS Z25, Z24, Z9
	VFMADD231PS Z25, Z24, Z10
	VFMADD231PS Z25, Z24, Z11
	VFMADD231PS Z25, Z24, Z12
	VFMADD231PS Z25, Z24, Z13
	VFMADD231PS Z25, Z24, Z14
	VFMADD231PS Z25, Z24, Z15
	VFMADD231PS Z25, Z24, Z16
	VFMADD231PS Z25, Z24, Z17
	VFMADD231PS Z25, Z24, Z18
	VFMADD231PS Z25, Z24, Z19
	VFMADD231PS Z25, Z24, Z20
	VFMADD231PS Z25, Z24, Z21
	VFMADD231PS Z25, Z24, Z22
	VFMADD231PS Z25, Z24, Z23
	DECQ        CX
	JNZ         loop512

	// X0 = sum of the 384 lanes of Z0..Z23
	VADDPS        Z1, Z0, Z0
	VADDPS        Z3, Z2, Z2
	VADDPS        Z5, Z4, Z4
	VADDPS        Z7, Z6, Z6
	VADDPS        Z9, Z8, Z8
	VADDPS        Z11, Z10, Z10
	VADDPS        Z13, Z12, Z12
	VADDPS        Z15, Z14, Z14
	VADDPS        Z17, Z16, Z16
	VADDPS        Z19, Z18, Z18
	VADDPS        Z21, Z20, Z20
	VADDPS        Z23, Z22, Z22
	VADDPS        Z2, Z0, Z0
	VADDPS        Z6, Z4, Z4
	VADDPS        Z10, Z8, Z8
	VADDPS        Z14, Z12, Z12
	VADDPS        Z18, Z16, Z16
	VADDPS        Z22, Z20, Z20
	VADDPS        Z4, Z0, Z0
	VADDPS        Z12, Z8, Z8
	VADDPS        Z20, Z16, Z16
	VADDPS        Z8, Z0, Z0
	VADDPS        Z16, Z0, Z0
	VEXTRACTF64X4 $1, Z0, Y1
	VADDPS        Y1, Y0, Y0
	VEXTRACTF128  $1, Y0, X1
	VADDPS        X1, X0, X0
	VMOVHLPS      X0, X0, X1
	VADDPS        X1, X0, X0
	VMOVSHDUP     X0, X1
	VADDSS        X1, X0, X0
	VZEROUPPER
	MOVSS         X0, ret+16(FP)
	RET

// func readAVX512(x, y []float32, passes int) float32
TEXT ·readAVX512(SB), NOSPLIT, $0-60
	MOVQ   x_base+0(FP), SI
	MOVQ   x_len+8(FP), DX
	MOVQ   y_base+24(FP), R8
	MOVQ   passes+48(FP), BX
	VPXORD Z0, Z0, Z0
	VPXORD Z1, Z1, Z1
	VPXORD Z2, Z2, Z2
	VPXORD Z3, Z3, Z3
	VPXORD Z4, Z4, Z4
	VPXORD Z5, Z5, Z5
	VPXORD Z6, Z6, Z6
	VPXORD Z7, Z7, Z7

pass512:
	// start a pass: DI = x, R9 = y, CX = len(x)
	MOVQ SI, DI
	MOVQ R8, R9
	MOVQ DX, CX

loop512:
	// Z0..Z3 += x[i:i+64]; Z4..Z7 += y[i:i+64]
	VADDPS (DI), Z0, Z0
	VADDPS 64(DI), Z1, Z1
	VADDPS 128(DI), Z2, Z2
	VADDPS 192(DI), Z3, Z3
	VADDPS (R9), Z4, Z4
	VADDPS 64(R9), Z5, Z5
	VADDPS 128(R9), Z6, Z6
	VADDPS 192(R9), Z7, Z7
	ADDQ   $256, DI
	ADDQ   $256, R9
	SUBQ   $64, CX
	JNZ    loop512
	DECQ   BX
	JNZ    pass512

	// X0 = sum of the 128 lanes of Z0..Z7
	VADDPS        Z1, Z0, Z0
	VADDPS        Z3, Z2, Z2
	VADDPS        Z5, Z4, Z4
	VADDPS        Z7, Z6, Z6
	VADDPS        Z2, Z0, Z0
	VADDPS        Z6, Z4, Z4
	VADDPS        Z4, Z0, Z0
	VEXTRACTF64X4 $1, Z0, Y1
	VADDPS        Y1, Y0, Y0
	VEXTRACTF128  $1, Y0, X1
	VADDPS        X1, X0, X0
	VMOVHLPS      X0, X0, X1
	VADDPS        X1, X0, X0
	VMOVSHDUP     X0, X1
	VADDSS        X1, X0, X0
	VZEROUPPER
	MOVSS         X0, ret+56(FP)
	RET

// func writeAVX512(x []float32, v float32, passes int)
TEXT ·writeAVX512(SB), NOSPLIT, $0-40
	MOVQ         x_base+0(FP), SI
	MOVQ         x_len+8(FP), DX
	VBROADCASTSS v+24(FP), Z0
	MOVQ         passes+32(FP), BX

wpass512:
	// start a pass: DI = x, CX = len(x)
	MOVQ SI, DI
	MOVQ DX, CX

wloop512:
	// x[i:i+128] = v
	VMOVUPS Z0, (DI)
	VMOVUPS Z0, 64(DI)
	VMOVUPS Z0, 128(DI)
	VMOVUPS Z0, 192(DI)
	VMOVUPS Z0, 256(DI)
	VMOVUPS Z0, 320(DI)
	VMOVUPS Z0, 384(DI)
	VMOVUPS Z0, 448(DI)
	ADDQ    $512, DI
	SUBQ    $128, CX
	JNZ     wloop512
	DECQ    BX
	JNZ     wpass512
	VZEROUPPER
	RET
