//go:build amd64 && !purego && !noasm

#include "textflag.h"

// Register use:
//   DI  first row of the current row group     SI  &x[i]
//   DX  &y[0]                                   BX  rows remaining
//   CX  n                                       R8  n*4 (row stride)
//   R9  3*n*4                                   R10 n & 7
//   R11 column pointer into W                   R12 column pointer into y
//   R13 columns remaining                       X15 alpha
//   Y0..Y3 alpha*x[i+k] broadcast               Y8..Y11 held row tails
//   Y12 y[n-8:n]                                Y13 mask for n < 8

// func gerAVX2(w []float32, alpha float32, x, y []float32)
TEXT ·gerAVX2(SB), NOSPLIT, $0-80
	MOVQ  w_base+0(FP), DI
	MOVSS alpha+24(FP), X15
	MOVQ  x_base+32(FP), SI
	MOVQ  x_len+40(FP), BX
	MOVQ  y_base+56(FP), DX
	MOVQ  y_len+64(FP), CX
	LEAQ  (CX*4), R8
	LEAQ  (R8)(R8*2), R9
	MOVQ  CX, R10
	ANDQ  $7, R10
	CMPQ  CX, $8
	JLT   tiny
	VMOVUPS -32(DX)(CX*4), Y12

rows4:
	// Y0..Y3 = broadcast(float32(alpha * x[i+k])), k = 0..3
	CMPQ         BX, $4
	JLT          rows1
	VMULSS       (SI), X15, X0
	VMULSS       4(SI), X15, X1
	VMULSS       8(SI), X15, X2
	VMULSS       12(SI), X15, X3
	VBROADCASTSS X0, Y0
	VBROADCASTSS X1, Y1
	VBROADCASTSS X2, Y2
	VBROADCASTSS X3, Y3
	TESTQ        R10, R10
	JZ           cols4

	// Y8..Y11 = row k's last 8 elements + a_k * y[n-8:n], from the
	// original rows, stored after the column loop.
	VMOVUPS     -32(DI)(R8*1), Y8
	VMOVUPS     -32(DI)(R8*2), Y9
	VMOVUPS     -32(DI)(R9*1), Y10
	VMOVUPS     -32(DI)(R8*4), Y11
	VFMADD231PS Y12, Y0, Y8
	VFMADD231PS Y12, Y1, Y9
	VFMADD231PS Y12, Y2, Y10
	VFMADD231PS Y12, Y3, Y11

cols4:
	MOVQ DI, R11
	MOVQ DX, R12
	MOVQ CX, R13

cols4x16:
	// rows k = 0..3, columns j..j+16: w[k][j:j+16] += a_k * y[j:j+16]
	CMPQ        R13, $16
	JLT         cols4x8
	VMOVUPS     (R12), Y4
	VMOVUPS     32(R12), Y5
	VMOVUPS     (R11), Y6
	VMOVUPS     32(R11), Y7
	VFMADD231PS Y4, Y0, Y6
	VFMADD231PS Y5, Y0, Y7
	VMOVUPS     Y6, (R11)
	VMOVUPS     Y7, 32(R11)
	VMOVUPS     (R11)(R8*1), Y6
	VMOVUPS     32(R11)(R8*1), Y7
	VFMADD231PS Y4, Y1, Y6
	VFMADD231PS Y5, Y1, Y7
	VMOVUPS     Y6, (R11)(R8*1)
	VMOVUPS     Y7, 32(R11)(R8*1)
	VMOVUPS     (R11)(R8*2), Y6
	VMOVUPS     32(R11)(R8*2), Y7
	VFMADD231PS Y4, Y2, Y6
	VFMADD231PS Y5, Y2, Y7
	VMOVUPS     Y6, (R11)(R8*2)
	VMOVUPS     Y7, 32(R11)(R8*2)
	VMOVUPS     (R11)(R9*1), Y6
	VMOVUPS     32(R11)(R9*1), Y7
	VFMADD231PS Y4, Y3, Y6
	VFMADD231PS Y5, Y3, Y7
	VMOVUPS     Y6, (R11)(R9*1)
	VMOVUPS     Y7, 32(R11)(R9*1)
	ADDQ        $64, R11
	ADDQ        $64, R12
	SUBQ        $16, R13
	JMP         cols4x16

cols4x8:
	// rows k = 0..3, columns j..j+8
	CMPQ        R13, $8
	JLT         tail4
	VMOVUPS     (R12), Y4
	VMOVUPS     (R11), Y6
	VFMADD231PS Y4, Y0, Y6
	VMOVUPS     Y6, (R11)
	VMOVUPS     (R11)(R8*1), Y6
	VFMADD231PS Y4, Y1, Y6
	VMOVUPS     Y6, (R11)(R8*1)
	VMOVUPS     (R11)(R8*2), Y6
	VFMADD231PS Y4, Y2, Y6
	VMOVUPS     Y6, (R11)(R8*2)
	VMOVUPS     (R11)(R9*1), Y6
	VFMADD231PS Y4, Y3, Y6
	VMOVUPS     Y6, (R11)(R9*1)
	ADDQ        $32, R11
	ADDQ        $32, R12
	SUBQ        $8, R13

tail4:
	// store the held tails (if n%8 != 0), advance to the next 4 rows
	TESTQ   R10, R10
	JZ      next4
	VMOVUPS Y8, -32(DI)(R8*1)
	VMOVUPS Y9, -32(DI)(R8*2)
	VMOVUPS Y10, -32(DI)(R9*1)
	VMOVUPS Y11, -32(DI)(R8*4)

next4:
	LEAQ (DI)(R8*4), DI
	ADDQ $16, SI
	SUBQ $4, BX
	JMP  rows4

rows1:
	// one row at a time: Y0 = broadcast(float32(alpha * x[i]))
	TESTQ        BX, BX
	JZ           done
	VMULSS       (SI), X15, X0
	VBROADCASTSS X0, Y0
	TESTQ        R10, R10
	JZ           cols1

	// Y8 = the row's last 8 elements + a * y[n-8:n], stored last
	VMOVUPS     -32(DI)(R8*1), Y8
	VFMADD231PS Y12, Y0, Y8

cols1:
	MOVQ DI, R11
	MOVQ DX, R12
	MOVQ CX, R13

cols1x16:
	// w[i][j:j+16] += a * y[j:j+16]
	CMPQ        R13, $16
	JLT         cols1x8
	VMOVUPS     (R11), Y6
	VMOVUPS     32(R11), Y7
	VFMADD231PS (R12), Y0, Y6
	VFMADD231PS 32(R12), Y0, Y7
	VMOVUPS     Y6, (R11)
	VMOVUPS     Y7, 32(R11)
	ADDQ        $64, R11
	ADDQ        $64, R12
	SUBQ        $16, R13
	JMP         cols1x16

cols1x8:
	// w[i][j:j+8] += a * y[j:j+8]
	CMPQ        R13, $8
	JLT         tail1
	VMOVUPS     (R11), Y6
	VFMADD231PS (R12), Y0, Y6
	VMOVUPS     Y6, (R11)

tail1:
	// store the held tail (if n%8 != 0), advance one row
	TESTQ   R10, R10
	JZ      next1
	VMOVUPS Y8, -32(DI)(R8*1)

next1:
	ADDQ R8, DI
	ADDQ $4, SI
	DECQ BX
	JMP  rows1

tiny:
	// n < 8: each row is one masked load, FMA and masked store.
	LEAQ    ·tailMask+32(SB), AX
	SUBQ    R8, AX
	VMOVDQU (AX), Y13
	VMASKMOVPS (DX), Y13, Y4

tinyrow:
	// w[i][0:n] += float32(alpha * x[i]) * y[0:n]
	VMULSS       (SI), X15, X0
	VBROADCASTSS X0, Y0
	VMASKMOVPS   (DI), Y13, Y6
	VFMADD231PS  Y4, Y0, Y6
	VMASKMOVPS   Y6, Y13, (DI)
	ADDQ         R8, DI
	ADDQ         $4, SI
	DECQ         BX
	JNZ          tinyrow

done:
	VZEROUPPER
	RET
