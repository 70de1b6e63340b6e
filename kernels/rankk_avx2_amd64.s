//go:build amd64 && !purego && !noasm

#include "textflag.h"

// func gerKAVX2Panel(w []float32, alpha float32, x, y []float32, rows, n, k, ldx, ldw, six int)
//
// DI = &w[i0*ldw], SI = &x[i0], DX = &y[0], R8 = 4*ldx, R9 = 4*n (Y's row
// stride), R10 = k, R11 = rows left, R12 = column offset j in bytes,
// R13 = 4*ldw (W's row stride). AX, BX, CX walk X, Y and t inside a block,
// then AX walks W's rows; CX holds the bytes of columns left between blocks.
// The 6-row blocks use Y0..Y11 as accumulators, Y12/Y13 for Y and Y14 for
// the broadcasts of X, then alpha; the 4- and 1-row blocks keep alpha in
// Y14 throughout.
TEXT ·gerKAVX2Panel(SB), NOSPLIT, $0-128
	MOVQ         w_base+0(FP), DI
	MOVQ         x_base+32(FP), SI
	MOVQ         y_base+56(FP), DX
	MOVQ         rows+80(FP), R11
	MOVQ         n+88(FP), R9
	SHLQ         $2, R9
	MOVQ         k+96(FP), R10
	MOVQ         ldx+104(FP), R8
	SHLQ         $2, R8
	MOVQ         ldw+112(FP), R13
	SHLQ         $2, R13
	CMPQ         six+120(FP), $0
	JEQ          rows4init

rows6:
	// Blocks of 6 rows while at least 6 are left.
	CMPQ R11, $6
	JLT  rows4init
	XORQ R12, R12

cols6x16:
	// 6 x 16 block at column j: Y0..Y11 = sum_t x_t[i0..i0+5] * y_t[j:j+16]
	MOVQ   R9, CX
	SUBQ   R12, CX
	CMPQ   CX, $64
	JLT    cols6x8
	MOVQ   SI, AX
	LEAQ   (DX)(R12*1), BX
	MOVQ   R10, CX
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	VXORPS Y8, Y8, Y8
	VXORPS Y9, Y9, Y9
	VXORPS Y10, Y10, Y10
	VXORPS Y11, Y11, Y11

loop6x16:
	// one step t: 2 loads of y_t, 6 broadcasts of x_t, 12 FMAs
	VMOVUPS      (BX), Y12
	VMOVUPS      32(BX), Y13
	VBROADCASTSS (AX), Y14
	VFMADD231PS  Y12, Y14, Y0
	VFMADD231PS  Y13, Y14, Y1
	VBROADCASTSS 4(AX), Y14
	VFMADD231PS  Y12, Y14, Y2
	VFMADD231PS  Y13, Y14, Y3
	VBROADCASTSS 8(AX), Y14
	VFMADD231PS  Y12, Y14, Y4
	VFMADD231PS  Y13, Y14, Y5
	VBROADCASTSS 12(AX), Y14
	VFMADD231PS  Y12, Y14, Y6
	VFMADD231PS  Y13, Y14, Y7
	VBROADCASTSS 16(AX), Y14
	VFMADD231PS  Y12, Y14, Y8
	VFMADD231PS  Y13, Y14, Y9
	VBROADCASTSS 20(AX), Y14
	VFMADD231PS  Y12, Y14, Y10
	VFMADD231PS  Y13, Y14, Y11
	ADDQ         R8, AX
	ADDQ         R9, BX
	DECQ         CX
	JNZ          loop6x16

	// W[i0+r][j:j+16] += alpha * accumulators, r = 0..5
	VBROADCASTSS alpha+24(FP), Y14
	LEAQ         (DI)(R12*1), AX
	VMOVUPS     (AX), Y12
	VMOVUPS     32(AX), Y13
	VFMADD231PS Y0, Y14, Y12
	VFMADD231PS Y1, Y14, Y13
	VMOVUPS     Y12, (AX)
	VMOVUPS     Y13, 32(AX)
	ADDQ        R13, AX
	VMOVUPS     (AX), Y12
	VMOVUPS     32(AX), Y13
	VFMADD231PS Y2, Y14, Y12
	VFMADD231PS Y3, Y14, Y13
	VMOVUPS     Y12, (AX)
	VMOVUPS     Y13, 32(AX)
	ADDQ        R13, AX
	VMOVUPS     (AX), Y12
	VMOVUPS     32(AX), Y13
	VFMADD231PS Y4, Y14, Y12
	VFMADD231PS Y5, Y14, Y13
	VMOVUPS     Y12, (AX)
	VMOVUPS     Y13, 32(AX)
	ADDQ        R13, AX
	VMOVUPS     (AX), Y12
	VMOVUPS     32(AX), Y13
	VFMADD231PS Y6, Y14, Y12
	VFMADD231PS Y7, Y14, Y13
	VMOVUPS     Y12, (AX)
	VMOVUPS     Y13, 32(AX)
	ADDQ        R13, AX
	VMOVUPS     (AX), Y12
	VMOVUPS     32(AX), Y13
	VFMADD231PS Y8, Y14, Y12
	VFMADD231PS Y9, Y14, Y13
	VMOVUPS     Y12, (AX)
	VMOVUPS     Y13, 32(AX)
	ADDQ        R13, AX
	VMOVUPS     (AX), Y12
	VMOVUPS     32(AX), Y13
	VFMADD231PS Y10, Y14, Y12
	VFMADD231PS Y11, Y14, Y13
	VMOVUPS     Y12, (AX)
	VMOVUPS     Y13, 32(AX)
	ADDQ        $64, R12
	JMP         cols6x16

cols6x8:
	// 6 x 8 block when 8..15 columns (CX bytes) are left
	CMPQ   CX, $32
	JLT    cols6mask
	MOVQ   SI, AX
	LEAQ   (DX)(R12*1), BX
	MOVQ   R10, CX
	VXORPS Y0, Y0, Y0
	VXORPS Y2, Y2, Y2
	VXORPS Y4, Y4, Y4
	VXORPS Y6, Y6, Y6
	VXORPS Y8, Y8, Y8
	VXORPS Y10, Y10, Y10

loop6x8:
	// one step t: 1 load of y_t, 6 broadcasts, 6 FMAs
	VMOVUPS      (BX), Y12
	VBROADCASTSS (AX), Y14
	VFMADD231PS  Y12, Y14, Y0
	VBROADCASTSS 4(AX), Y14
	VFMADD231PS  Y12, Y14, Y2
	VBROADCASTSS 8(AX), Y14
	VFMADD231PS  Y12, Y14, Y4
	VBROADCASTSS 12(AX), Y14
	VFMADD231PS  Y12, Y14, Y6
	VBROADCASTSS 16(AX), Y14
	VFMADD231PS  Y12, Y14, Y8
	VBROADCASTSS 20(AX), Y14
	VFMADD231PS  Y12, Y14, Y10
	ADDQ         R8, AX
	ADDQ         R9, BX
	DECQ         CX
	JNZ          loop6x8

	// W[i0+r][j:j+8] += alpha * accumulators
	VBROADCASTSS alpha+24(FP), Y14
	LEAQ         (DI)(R12*1), AX
	VMOVUPS     (AX), Y12
	VFMADD231PS Y0, Y14, Y12
	VMOVUPS     Y12, (AX)
	ADDQ        R13, AX
	VMOVUPS     (AX), Y12
	VFMADD231PS Y2, Y14, Y12
	VMOVUPS     Y12, (AX)
	ADDQ        R13, AX
	VMOVUPS     (AX), Y12
	VFMADD231PS Y4, Y14, Y12
	VMOVUPS     Y12, (AX)
	ADDQ        R13, AX
	VMOVUPS     (AX), Y12
	VFMADD231PS Y6, Y14, Y12
	VMOVUPS     Y12, (AX)
	ADDQ        R13, AX
	VMOVUPS     (AX), Y12
	VFMADD231PS Y8, Y14, Y12
	VMOVUPS     Y12, (AX)
	ADDQ        R13, AX
	VMOVUPS     (AX), Y12
	VFMADD231PS Y10, Y14, Y12
	VMOVUPS     Y12, (AX)
	ADDQ        $32, R12
	MOVQ        R9, CX
	SUBQ        R12, CX

cols6mask:
	// 6 x (1..7) block, masked: Y13 = mask of the CX/4 columns left
	TESTQ   CX, CX
	JZ      next6
	LEAQ    ·tailMask+32(SB), AX
	SUBQ    CX, AX
	VMOVDQU (AX), Y13
	MOVQ    SI, AX
	LEAQ    (DX)(R12*1), BX
	MOVQ    R10, CX
	VXORPS Y0, Y0, Y0
	VXORPS Y2, Y2, Y2
	VXORPS Y4, Y4, Y4
	VXORPS Y6, Y6, Y6
	VXORPS Y8, Y8, Y8
	VXORPS Y10, Y10, Y10

loop6mask:
	// one step t on the masked columns
	VMASKMOVPS   (BX), Y13, Y12
	VBROADCASTSS (AX), Y14
	VFMADD231PS  Y12, Y14, Y0
	VBROADCASTSS 4(AX), Y14
	VFMADD231PS  Y12, Y14, Y2
	VBROADCASTSS 8(AX), Y14
	VFMADD231PS  Y12, Y14, Y4
	VBROADCASTSS 12(AX), Y14
	VFMADD231PS  Y12, Y14, Y6
	VBROADCASTSS 16(AX), Y14
	VFMADD231PS  Y12, Y14, Y8
	VBROADCASTSS 20(AX), Y14
	VFMADD231PS  Y12, Y14, Y10
	ADDQ         R8, AX
	ADDQ         R9, BX
	DECQ         CX
	JNZ          loop6mask

	// W[i0+r][j:n] += alpha * accumulators, masked loads and stores
	VBROADCASTSS alpha+24(FP), Y14
	LEAQ         (DI)(R12*1), AX
	VMASKMOVPS  (AX), Y13, Y12
	VFMADD231PS Y0, Y14, Y12
	VMASKMOVPS  Y12, Y13, (AX)
	ADDQ        R13, AX
	VMASKMOVPS  (AX), Y13, Y12
	VFMADD231PS Y2, Y14, Y12
	VMASKMOVPS  Y12, Y13, (AX)
	ADDQ        R13, AX
	VMASKMOVPS  (AX), Y13, Y12
	VFMADD231PS Y4, Y14, Y12
	VMASKMOVPS  Y12, Y13, (AX)
	ADDQ        R13, AX
	VMASKMOVPS  (AX), Y13, Y12
	VFMADD231PS Y6, Y14, Y12
	VMASKMOVPS  Y12, Y13, (AX)
	ADDQ        R13, AX
	VMASKMOVPS  (AX), Y13, Y12
	VFMADD231PS Y8, Y14, Y12
	VMASKMOVPS  Y12, Y13, (AX)
	ADDQ        R13, AX
	VMASKMOVPS  (AX), Y13, Y12
	VFMADD231PS Y10, Y14, Y12
	VMASKMOVPS  Y12, Y13, (AX)

next6:
	// next 6 rows: W 6 rows down, X 6 columns right
	LEAQ (DI)(R13*4), DI
	LEAQ (DI)(R13*2), DI
	ADDQ $24, SI
	SUBQ $6, R11
	JMP  rows6

rows4init:
	// alpha in every lane of Y14 for the 4-row and 1-row blocks
	VBROADCASTSS alpha+24(FP), Y14

rows4:
	// Blocks of 4 rows while at least 4 are left.
	CMPQ R11, $4
	JLT  rows1
	XORQ R12, R12

cols16:
	// 4 x 16 block at column j: Y0..Y7 = sum_t x_t[i0..i0+3] * y_t[j:j+16]
	MOVQ   R9, CX
	SUBQ   R12, CX
	CMPQ   CX, $64
	JLT    cols8
	MOVQ   SI, AX
	LEAQ   (DX)(R12*1), BX
	MOVQ   R10, CX
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7

loop4x16:
	// one step t: 2 loads of y_t, 4 broadcasts of x_t, 8 FMAs
	VMOVUPS      (BX), Y8
	VMOVUPS      32(BX), Y9
	VBROADCASTSS (AX), Y10
	VFMADD231PS  Y8, Y10, Y0
	VFMADD231PS  Y9, Y10, Y1
	VBROADCASTSS 4(AX), Y11
	VFMADD231PS  Y8, Y11, Y2
	VFMADD231PS  Y9, Y11, Y3
	VBROADCASTSS 8(AX), Y10
	VFMADD231PS  Y8, Y10, Y4
	VFMADD231PS  Y9, Y10, Y5
	VBROADCASTSS 12(AX), Y11
	VFMADD231PS  Y8, Y11, Y6
	VFMADD231PS  Y9, Y11, Y7
	ADDQ         R8, AX
	ADDQ         R9, BX
	DECQ         CX
	JNZ          loop4x16

	// W[i0+r][j:j+16] += alpha * accumulators, r = 0..3
	LEAQ        (DI)(R12*1), AX
	VMOVUPS     (AX), Y8
	VMOVUPS     32(AX), Y9
	VFMADD231PS Y0, Y14, Y8
	VFMADD231PS Y1, Y14, Y9
	VMOVUPS     Y8, (AX)
	VMOVUPS     Y9, 32(AX)
	ADDQ        R13, AX
	VMOVUPS     (AX), Y8
	VMOVUPS     32(AX), Y9
	VFMADD231PS Y2, Y14, Y8
	VFMADD231PS Y3, Y14, Y9
	VMOVUPS     Y8, (AX)
	VMOVUPS     Y9, 32(AX)
	ADDQ        R13, AX
	VMOVUPS     (AX), Y8
	VMOVUPS     32(AX), Y9
	VFMADD231PS Y4, Y14, Y8
	VFMADD231PS Y5, Y14, Y9
	VMOVUPS     Y8, (AX)
	VMOVUPS     Y9, 32(AX)
	ADDQ        R13, AX
	VMOVUPS     (AX), Y8
	VMOVUPS     32(AX), Y9
	VFMADD231PS Y6, Y14, Y8
	VFMADD231PS Y7, Y14, Y9
	VMOVUPS     Y8, (AX)
	VMOVUPS     Y9, 32(AX)
	ADDQ        $64, R12
	JMP         cols16

cols8:
	// 4 x 8 block when 8..15 columns (CX bytes) are left
	CMPQ   CX, $32
	JLT    cols4mask
	MOVQ   SI, AX
	LEAQ   (DX)(R12*1), BX
	MOVQ   R10, CX
	VXORPS Y0, Y0, Y0
	VXORPS Y2, Y2, Y2
	VXORPS Y4, Y4, Y4
	VXORPS Y6, Y6, Y6

loop4x8:
	// one step t: 1 load of y_t, 4 broadcasts, 4 FMAs
	VMOVUPS      (BX), Y8
	VBROADCASTSS (AX), Y10
	VFMADD231PS  Y8, Y10, Y0
	VBROADCASTSS 4(AX), Y11
	VFMADD231PS  Y8, Y11, Y2
	VBROADCASTSS 8(AX), Y10
	VFMADD231PS  Y8, Y10, Y4
	VBROADCASTSS 12(AX), Y11
	VFMADD231PS  Y8, Y11, Y6
	ADDQ         R8, AX
	ADDQ         R9, BX
	DECQ         CX
	JNZ          loop4x8

	// W[i0+r][j:j+8] += alpha * accumulators
	LEAQ        (DI)(R12*1), AX
	VMOVUPS     (AX), Y8
	VFMADD231PS Y0, Y14, Y8
	VMOVUPS     Y8, (AX)
	ADDQ        R13, AX
	VMOVUPS     (AX), Y8
	VFMADD231PS Y2, Y14, Y8
	VMOVUPS     Y8, (AX)
	ADDQ        R13, AX
	VMOVUPS     (AX), Y8
	VFMADD231PS Y4, Y14, Y8
	VMOVUPS     Y8, (AX)
	ADDQ        R13, AX
	VMOVUPS     (AX), Y8
	VFMADD231PS Y6, Y14, Y8
	VMOVUPS     Y8, (AX)
	ADDQ        $32, R12
	MOVQ        R9, CX
	SUBQ        R12, CX

cols4mask:
	// 4 x (1..7) block, masked: Y13 = mask of the CX/4 columns left
	TESTQ      CX, CX
	JZ         next4
	LEAQ       ·tailMask+32(SB), AX
	SUBQ       CX, AX
	VMOVDQU    (AX), Y13
	MOVQ       SI, AX
	LEAQ       (DX)(R12*1), BX
	MOVQ       R10, CX
	VXORPS     Y0, Y0, Y0
	VXORPS     Y2, Y2, Y2
	VXORPS     Y4, Y4, Y4
	VXORPS     Y6, Y6, Y6

loop4mask:
	// one step t on the masked columns
	VMASKMOVPS   (BX), Y13, Y8
	VBROADCASTSS (AX), Y10
	VFMADD231PS  Y8, Y10, Y0
	VBROADCASTSS 4(AX), Y11
	VFMADD231PS  Y8, Y11, Y2
	VBROADCASTSS 8(AX), Y10
	VFMADD231PS  Y8, Y10, Y4
	VBROADCASTSS 12(AX), Y11
	VFMADD231PS  Y8, Y11, Y6
	ADDQ         R8, AX
	ADDQ         R9, BX
	DECQ         CX
	JNZ          loop4mask

	// W[i0+r][j:n] += alpha * accumulators, masked loads and stores
	LEAQ        (DI)(R12*1), AX
	VMASKMOVPS  (AX), Y13, Y8
	VFMADD231PS Y0, Y14, Y8
	VMASKMOVPS  Y8, Y13, (AX)
	ADDQ        R13, AX
	VMASKMOVPS  (AX), Y13, Y8
	VFMADD231PS Y2, Y14, Y8
	VMASKMOVPS  Y8, Y13, (AX)
	ADDQ        R13, AX
	VMASKMOVPS  (AX), Y13, Y8
	VFMADD231PS Y4, Y14, Y8
	VMASKMOVPS  Y8, Y13, (AX)
	ADDQ        R13, AX
	VMASKMOVPS  (AX), Y13, Y8
	VFMADD231PS Y6, Y14, Y8
	VMASKMOVPS  Y8, Y13, (AX)

next4:
	// next 4 rows: W 4 rows down, X 4 columns right
	LEAQ (DI)(R13*4), DI
	ADDQ $16, SI
	SUBQ $4, R11
	JMP  rows4

rows1:
	// The last 0..3 rows, one at a time.
	TESTQ R11, R11
	JZ    done
	XORQ  R12, R12

cols1x8:
	// 1 x 8 block: Y0 = sum_t x_t[i0] * y_t[j:j+8]
	MOVQ   R9, CX
	SUBQ   R12, CX
	CMPQ   CX, $32
	JLT    cols1mask
	MOVQ   SI, AX
	LEAQ   (DX)(R12*1), BX
	MOVQ   R10, CX
	VXORPS Y0, Y0, Y0

loop1x8:
	VBROADCASTSS (AX), Y10
	VFMADD231PS  (BX), Y10, Y0
	ADDQ         R8, AX
	ADDQ         R9, BX
	DECQ         CX
	JNZ          loop1x8

	// W[i0][j:j+8] += alpha * Y0
	LEAQ        (DI)(R12*1), AX
	VMOVUPS     (AX), Y8
	VFMADD231PS Y0, Y14, Y8
	VMOVUPS     Y8, (AX)
	ADDQ        $32, R12
	JMP         cols1x8

cols1mask:
	// 1 x (1..7) block, masked
	TESTQ      CX, CX
	JZ         next1
	LEAQ       ·tailMask+32(SB), AX
	SUBQ       CX, AX
	VMOVDQU    (AX), Y13
	MOVQ       SI, AX
	LEAQ       (DX)(R12*1), BX
	MOVQ       R10, CX
	VXORPS     Y0, Y0, Y0

loop1mask:
	VMASKMOVPS   (BX), Y13, Y8
	VBROADCASTSS (AX), Y10
	VFMADD231PS  Y8, Y10, Y0
	ADDQ         R8, AX
	ADDQ         R9, BX
	DECQ         CX
	JNZ          loop1mask

	// W[i0][j:n] += alpha * Y0, masked
	LEAQ        (DI)(R12*1), AX
	VMASKMOVPS  (AX), Y13, Y8
	VFMADD231PS Y0, Y14, Y8
	VMASKMOVPS  Y8, Y13, (AX)

next1:
	// next row
	ADDQ R13, DI
	ADDQ $4, SI
	DECQ R11
	JMP  rows1

done:
	VZEROUPPER
	RET
