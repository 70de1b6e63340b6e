//go:build amd64 && !purego && !noasm

#include "textflag.h"

// Register use:
//   DI  first row of the current row group     SI  &x[i]
//   DX  &y[0]                                   BX  rows remaining
//   R10 n                                       R8  n*4 (row stride)
//   R9  3*n*4                                   R11 column pointer into W
//   R12 column pointer into y                   R13 columns remaining
//   R15 head columns h                          X15 alpha
//   Z0..Z3 float32(alpha*x[i+k])                K2, K1 masks of the head and tail
//   AX, CX, R14 scratch

// MASKS sets R15 = h = min(n, (-w/4) mod 16) for the row at DI (the
// columns before its first 64-byte boundary), AX = w%64 (when h > 0 the
// head is the vector that starts AX bytes before the row, with lanes
// AX/4 .. AX/4+h-1 enabled), K2 = ((1 << h) - 1) << (AX/4) and
// K1 = (1 << (n-h)%16) - 1.
#define MASKS \
	MOVQ    DI, R15 \
	SHRQ    $2, R15 \
	NEGQ    R15 \
	ANDQ    $15, R15 \
	CMPQ    R15, R10 \
	CMOVQGT R10, R15 \
	MOVQ    R15, CX \
	MOVL    $1, R14 \
	SHLL    CX, R14 \
	DECL    R14 \
	MOVQ    DI, CX \
	SHRQ    $2, CX \
	ANDQ    $15, CX \
	SHLL    CX, R14 \
	LEAQ    (CX*4), AX \
	KMOVW   R14, K2 \
	MOVQ    R10, CX \
	SUBQ    R15, CX \
	ANDQ    $15, CX \
	MOVL    $1, R14 \
	SHLL    CX, R14 \
	DECL    R14 \
	KMOVW   R14, K1

// func gerAVX512Z(w []float32, alpha float32, x, y []float32)
TEXT ·gerAVX512Z(SB), NOSPLIT, $0-80
	MOVQ   w_base+0(FP), DI
	VMOVSS alpha+24(FP), X15
	MOVQ   x_base+32(FP), SI
	MOVQ   x_len+40(FP), BX
	MOVQ   y_base+56(FP), DX
	MOVQ   y_len+64(FP), R10
	LEAQ   (R10*4), R8
	LEAQ   (R8)(R8*2), R9

	// n%16 == 0: every row shares the alignment of the first (the stride
	// is a multiple of 64 bytes), so one head length aligns every other
	// store.
	MASKS

rows4:
	CMPQ BX, $4
	JLT  rows1

row4:
	// Z0..Z3 = broadcast(float32(alpha * x[i+k])), k = 0..3
	VMULSS       (SI), X15, X0
	VMULSS       4(SI), X15, X1
	VMULSS       8(SI), X15, X2
	VMULSS       12(SI), X15, X3
	VBROADCASTSS X0, Z0
	VBROADCASTSS X1, Z1
	VBROADCASTSS X2, Z2
	VBROADCASTSS X3, Z3
	MOVQ         DI, R11
	MOVQ         DX, R12
	MOVQ         R10, R13
	TESTQ        R15, R15
	JNZ          head4

body4:
	SUBQ $32, R13
	JLT  cols4x16

cols4x32:
	// rows k = 0..3, columns j..j+32: w[k][j:j+32] += a_k * y[j:j+32]
	VMOVUPS (R12), Z4
	VMOVUPS 64(R12), Z5
	VMULPS  Z4, Z0, Z6
	VMULPS  Z5, Z0, Z7
	VMULPS  Z4, Z1, Z8
	VMULPS  Z5, Z1, Z9
	VMULPS  Z4, Z2, Z10
	VMULPS  Z5, Z2, Z11
	VMULPS  Z4, Z3, Z12
	VMULPS  Z5, Z3, Z13
	VADDPS  (R11), Z6, Z6
	VADDPS  64(R11), Z7, Z7
	VADDPS  (R11)(R8*1), Z8, Z8
	VADDPS  64(R11)(R8*1), Z9, Z9
	VADDPS  (R11)(R8*2), Z10, Z10
	VADDPS  64(R11)(R8*2), Z11, Z11
	VADDPS  (R11)(R9*1), Z12, Z12
	VADDPS  64(R11)(R9*1), Z13, Z13
	VMOVUPS Z6, (R11)
	VMOVUPS Z7, 64(R11)
	VMOVUPS Z8, (R11)(R8*1)
	VMOVUPS Z9, 64(R11)(R8*1)
	VMOVUPS Z10, (R11)(R8*2)
	VMOVUPS Z11, 64(R11)(R8*2)
	VMOVUPS Z12, (R11)(R9*1)
	VMOVUPS Z13, 64(R11)(R9*1)
	ADDQ    $128, R11
	ADDQ    $128, R12
	SUBQ    $32, R13
	JGE     cols4x32

cols4x16:
	// R13 = columns left (0..31): one step of 16 if at least 16 are left
	ADDQ    $32, R13
	CMPQ    R13, $16
	JLT     tail4
	VMOVUPS (R12), Z4
	VMULPS  Z4, Z0, Z6
	VMULPS  Z4, Z1, Z8
	VMULPS  Z4, Z2, Z10
	VMULPS  Z4, Z3, Z12
	VADDPS  (R11), Z6, Z6
	VADDPS  (R11)(R8*1), Z8, Z8
	VADDPS  (R11)(R8*2), Z10, Z10
	VADDPS  (R11)(R9*1), Z12, Z12
	VMOVUPS Z6, (R11)
	VMOVUPS Z8, (R11)(R8*1)
	VMOVUPS Z10, (R11)(R8*2)
	VMOVUPS Z12, (R11)(R9*1)
	ADDQ    $64, R11
	ADDQ    $64, R12
	SUBQ    $16, R13

tail4:
	// the last columns under mask K1: masked-off lanes are neither read
	// nor written
	TESTQ     R13, R13
	JZ        next4
	VMOVUPS.Z (R12), K1, Z4
	VMULPS    Z4, Z0, Z6
	VMULPS    Z4, Z1, Z8
	VMULPS    Z4, Z2, Z10
	VMULPS    Z4, Z3, Z12
	VADDPS    (R11), Z6, K1, Z6
	VADDPS    (R11)(R8*1), Z8, K1, Z8
	VADDPS    (R11)(R8*2), Z10, K1, Z10
	VADDPS    (R11)(R9*1), Z12, K1, Z12
	VMOVUPS   Z6, K1, (R11)
	VMOVUPS   Z8, K1, (R11)(R8*1)
	VMOVUPS   Z10, K1, (R11)(R8*2)
	VMOVUPS   Z12, K1, (R11)(R9*1)

next4:
	// advance 4 rows
	LEAQ (DI)(R8*4), DI
	ADDQ $16, SI
	SUBQ $4, BX
	CMPQ BX, $4
	JGE  row4
	JMP  rows1

head4:
	// the h head columns: the vector ending at the first 64-byte boundary
	// of each row, under mask K2 (out of line: W is usually aligned)
	SUBQ      AX, R11
	SUBQ      AX, R12
	VMOVUPS.Z (R12), K2, Z4
	VMULPS    Z4, Z0, Z6
	VMULPS    Z4, Z1, Z8
	VMULPS    Z4, Z2, Z10
	VMULPS    Z4, Z3, Z12
	VADDPS    (R11), Z6, K2, Z6
	VADDPS    (R11)(R8*1), Z8, K2, Z8
	VADDPS    (R11)(R8*2), Z10, K2, Z10
	VADDPS    (R11)(R9*1), Z12, K2, Z12
	VMOVUPS   Z6, K2, (R11)
	VMOVUPS   Z8, K2, (R11)(R8*1)
	VMOVUPS   Z10, K2, (R11)(R8*2)
	VMOVUPS   Z12, K2, (R11)(R9*1)
	ADDQ      $64, R11
	ADDQ      $64, R12
	SUBQ      R15, R13
	JMP       body4

rows1:
	// one row at a time: Z0 = broadcast(float32(alpha * x[i]))
	TESTQ BX, BX
	JZ    done

row1:
	VMULSS       (SI), X15, X0
	VBROADCASTSS X0, Z0
	MOVQ         DI, R11
	MOVQ         DX, R12
	MOVQ         R10, R13
	TESTQ        R15, R15
	JZ           body1

	// the h head columns: the vector ending at the row's first 64-byte
	// boundary, under mask K2
	SUBQ      AX, R11
	SUBQ      AX, R12
	VMOVUPS.Z (R12), K2, Z4
	VMULPS    Z4, Z0, Z6
	VADDPS    (R11), Z6, K2, Z6
	VMOVUPS   Z6, K2, (R11)
	ADDQ      $64, R11
	ADDQ      $64, R12
	SUBQ      R15, R13

body1:
	SUBQ $32, R13
	JLT  cols1x16

cols1x32:
	// w[i][j:j+32] += a * y[j:j+32]
	VMULPS  (R12), Z0, Z6
	VMULPS  64(R12), Z0, Z7
	VADDPS  (R11), Z6, Z6
	VADDPS  64(R11), Z7, Z7
	VMOVUPS Z6, (R11)
	VMOVUPS Z7, 64(R11)
	ADDQ    $128, R11
	ADDQ    $128, R12
	SUBQ    $32, R13
	JGE     cols1x32

cols1x16:
	ADDQ    $32, R13
	CMPQ    R13, $16
	JLT     tail1
	VMULPS  (R12), Z0, Z6
	VADDPS  (R11), Z6, Z6
	VMOVUPS Z6, (R11)
	ADDQ    $64, R11
	ADDQ    $64, R12
	SUBQ    $16, R13

tail1:
	// the last columns under mask K1
	TESTQ     R13, R13
	JZ        next1
	VMOVUPS.Z (R12), K1, Z4
	VMULPS    Z4, Z0, Z6
	VADDPS    (R11), Z6, K1, Z6
	VMOVUPS   Z6, K1, (R11)

next1:
	// advance one row
	ADDQ R8, DI
	ADDQ $4, SI
	DECQ BX
	JNZ  row1

done:
	VZEROUPPER
	RET
