//go:build amd64 && !purego && !noasm

#include "textflag.h"

// Register use:
//   DI  first row of the current row group     SI  &x[i]
//   DX  &y[0]                                   BX  rows remaining
//   CX  n                                       R8  n*4 (row stride)
//   R9  3*n*4                                   R10 n & 7
//   R11 column pointer into W                   R12 column pointer into y
//   R13 columns remaining                       R14 columns of the loop
//   X15 alpha                                   Y0..Y3 float32(alpha*x[i+k])

// func gerAVX2(w []float32, alpha float32, x, y []float32)
TEXT ·gerAVX2(SB), NOSPLIT, $0-80
	MOVQ   w_base+0(FP), DI
	VMOVSS alpha+24(FP), X15
	MOVQ   x_base+32(FP), SI
	MOVQ   x_len+40(FP), BX
	MOVQ   y_base+56(FP), DX
	MOVQ   y_len+64(FP), CX
	LEAQ   (CX*4), R8
	LEAQ   (R8)(R8*2), R9
	CMPQ   CX, $8
	JLT    tiny

	// R14 = n if n%8 == 0, else n-8-n%8: the tail then has 8 < 8+r < 16
	// columns, done as two overlapping vectors.
	MOVQ CX, R10
	ANDQ $7, R10
	MOVQ CX, R14
	JZ   rows4 // flags of ANDQ: n%8 == 0
	SUBQ R10, R14
	SUBQ $8, R14

rows4:
	// The common path falls through: taken branches only at loop ends.
	CMPQ BX, $4
	JLT  rows1

row4:
	// Y0..Y3 = broadcast(float32(alpha * x[i+k])), k = 0..3
	VMULSS       (SI), X15, X0
	VMULSS       4(SI), X15, X1
	VMULSS       8(SI), X15, X2
	VMULSS       12(SI), X15, X3
	VBROADCASTSS X0, Y0
	VBROADCASTSS X1, Y1
	VBROADCASTSS X2, Y2
	VBROADCASTSS X3, Y3
	MOVQ         DI, R11
	MOVQ         DX, R12
	MOVQ         R14, R13
	CMPQ         R13, $16
	JLT          cols4x8

cols4x16:
	// rows k = 0..3, columns j..j+16: w[k][j:j+16] += a_k * y[j:j+16]
	VMOVUPS (R12), Y4
	VMOVUPS 32(R12), Y5
	VMULPS  Y4, Y0, Y6
	VMULPS  Y5, Y0, Y7
	VMULPS  Y4, Y1, Y8
	VMULPS  Y5, Y1, Y9
	VMULPS  Y4, Y2, Y10
	VMULPS  Y5, Y2, Y11
	VMULPS  Y4, Y3, Y12
	VMULPS  Y5, Y3, Y13
	VADDPS  (R11), Y6, Y6
	VADDPS  32(R11), Y7, Y7
	VADDPS  (R11)(R8*1), Y8, Y8
	VADDPS  32(R11)(R8*1), Y9, Y9
	VADDPS  (R11)(R8*2), Y10, Y10
	VADDPS  32(R11)(R8*2), Y11, Y11
	VADDPS  (R11)(R9*1), Y12, Y12
	VADDPS  32(R11)(R9*1), Y13, Y13
	VMOVUPS Y6, (R11)
	VMOVUPS Y7, 32(R11)
	VMOVUPS Y8, (R11)(R8*1)
	VMOVUPS Y9, 32(R11)(R8*1)
	VMOVUPS Y10, (R11)(R8*2)
	VMOVUPS Y11, 32(R11)(R8*2)
	VMOVUPS Y12, (R11)(R9*1)
	VMOVUPS Y13, 32(R11)(R9*1)
	ADDQ    $64, R11
	ADDQ    $64, R12
	SUBQ    $16, R13
	CMPQ    R13, $16
	JGE     cols4x16

cols4x8:
	// 8 columns left (R13 is 0 or 8), or n%8 != 0: out of line
	TESTQ R13, R13
	JNZ   one4x8

tail4:
	TESTQ R10, R10
	JNZ   two4

next4:
	// advance 4 rows
	LEAQ (DI)(R8*4), DI
	ADDQ $16, SI
	SUBQ $4, BX
	CMPQ BX, $4
	JGE  row4

rows1:
	// one row at a time: Y0 = broadcast(float32(alpha * x[i]))
	TESTQ BX, BX
	JZ    done

row1:
	VMULSS       (SI), X15, X0
	VBROADCASTSS X0, Y0
	MOVQ         DI, R11
	MOVQ         DX, R12
	MOVQ         R14, R13
	CMPQ         R13, $16
	JLT          cols1x8

cols1x16:
	// w[i][j:j+16] += a * y[j:j+16]
	VMULPS  (R12), Y0, Y6
	VMULPS  32(R12), Y0, Y7
	VADDPS  (R11), Y6, Y6
	VADDPS  32(R11), Y7, Y7
	VMOVUPS Y6, (R11)
	VMOVUPS Y7, 32(R11)
	ADDQ    $64, R11
	ADDQ    $64, R12
	SUBQ    $16, R13
	CMPQ    R13, $16
	JGE     cols1x16

cols1x8:
	TESTQ R13, R13
	JNZ   one1x8

tail1:
	TESTQ R10, R10
	JNZ   two1

next1:
	// advance one row
	ADDQ R8, DI
	ADDQ $4, SI
	DECQ BX
	JNZ  row1

done:
	VZEROUPPER
	RET

one4x8:
	// rows k = 0..3, columns j..j+8
	VMOVUPS (R12), Y4
	VMULPS  Y4, Y0, Y6
	VMULPS  Y4, Y1, Y8
	VMULPS  Y4, Y2, Y10
	VMULPS  Y4, Y3, Y12
	VADDPS  (R11), Y6, Y6
	VADDPS  (R11)(R8*1), Y8, Y8
	VADDPS  (R11)(R8*2), Y10, Y10
	VADDPS  (R11)(R9*1), Y12, Y12
	VMOVUPS Y6, (R11)
	VMOVUPS Y8, (R11)(R8*1)
	VMOVUPS Y10, (R11)(R8*2)
	VMOVUPS Y12, (R11)(R9*1)
	ADDQ    $32, R11
	ADDQ    $32, R12
	JMP     tail4

two4:
	// n%8 != 0: columns j..j+8 and n-8..n of the 4 rows, all computed from
	// the original rows before any is stored (they overlap).
	VMOVUPS (R12), Y4
	VMOVUPS -32(DX)(CX*4), Y5
	VMULPS  Y4, Y0, Y6
	VMULPS  Y5, Y0, Y7
	VMULPS  Y4, Y1, Y8
	VMULPS  Y5, Y1, Y9
	VMULPS  Y4, Y2, Y10
	VMULPS  Y5, Y2, Y11
	VMULPS  Y4, Y3, Y12
	VMULPS  Y5, Y3, Y13
	VADDPS  (R11), Y6, Y6
	VADDPS  -32(DI)(R8*1), Y7, Y7
	VADDPS  (R11)(R8*1), Y8, Y8
	VADDPS  -32(DI)(R8*2), Y9, Y9
	VADDPS  (R11)(R8*2), Y10, Y10
	VADDPS  -32(DI)(R9*1), Y11, Y11
	VADDPS  (R11)(R9*1), Y12, Y12
	VADDPS  -32(DI)(R8*4), Y13, Y13
	VMOVUPS Y6, (R11)
	VMOVUPS Y7, -32(DI)(R8*1)
	VMOVUPS Y8, (R11)(R8*1)
	VMOVUPS Y9, -32(DI)(R8*2)
	VMOVUPS Y10, (R11)(R8*2)
	VMOVUPS Y11, -32(DI)(R9*1)
	VMOVUPS Y12, (R11)(R9*1)
	VMOVUPS Y13, -32(DI)(R8*4)
	JMP     next4

one1x8:
	// w[i][j:j+8] += a * y[j:j+8]
	VMULPS  (R12), Y0, Y6
	VADDPS  (R11), Y6, Y6
	VMOVUPS Y6, (R11)
	ADDQ    $32, R11
	ADDQ    $32, R12
	JMP     tail1

two1:
	// n%8 != 0: columns j..j+8 and n-8..n, both from the original row
	VMULPS  (R12), Y0, Y6
	VMULPS  -32(DX)(CX*4), Y0, Y7
	VADDPS  (R11), Y6, Y6
	VADDPS  -32(DI)(R8*1), Y7, Y7
	VMOVUPS Y6, (R11)
	VMOVUPS Y7, -32(DI)(R8*1)
	JMP     next1

tiny:
	// n < 8: Y13 = mask of the first n lanes, Y4 = y[0:n]
	LEAQ       ·tailMask+32(SB), AX
	SUBQ       R8, AX
	VMOVDQU    (AX), Y13
	VMASKMOVPS (DX), Y13, Y4

tinyrow:
	// w[i][0:n] += float32(alpha * x[i]) * y[0:n], masked
	VMULSS       (SI), X15, X0
	VBROADCASTSS X0, Y0
	VMASKMOVPS   (DI), Y13, Y6
	VMULPS       Y4, Y0, Y5
	VADDPS       Y5, Y6, Y6
	VMASKMOVPS   Y6, Y13, (DI)
	ADDQ         R8, DI
	ADDQ         $4, SI
	DECQ         BX
	JNZ          tinyrow
	VZEROUPPER
	RET
