//go:build amd64 && !purego && !noasm

#include "textflag.h"

#define L1ELEMS 16384

// func matVecAVX2(y, w, x []float32, add bool)
//
// Registers: DI y, BX rows left, R14 first row of the current block, SI/R11
// column pointers into rows 0 and 4 of the block, R12 column pointer into x,
// DX x, CX n, R8 row stride in bytes, R9 3*stride, AX columns left, R13 add,
// Y15 tail mask for the last n%8 columns.
TEXT ·matVecAVX2(SB), NOSPLIT, $0-73
	MOVQ    y_base+0(FP), DI
	MOVQ    y_len+8(FP), BX
	MOVQ    w_base+24(FP), R14
	MOVQ    x_base+48(FP), DX
	MOVQ    x_len+56(FP), CX
	MOVBQZX add+72(FP), R13
	// Y15 = mask of the n%8 tail columns; R8, R9 = stride, 3*stride.
	MOVQ    CX, AX
	ANDQ    $7, AX
	SHLQ    $2, AX
	LEAQ    ·tailMask+32(SB), R10
	SUBQ    AX, R10
	VMOVDQU (R10), Y15
	MOVQ    CX, R8
	SHLQ    $2, R8
	LEAQ    (R8)(R8*2), R9
	// Eight-row blocks pay when w is at most 64 KiB (the load ports are the limit
	// there); for larger w, which streams from L2 or beyond, four-row blocks
	// are faster (fewer concurrent streams, fewer L1 set conflicts when the
	// row stride is a multiple of 4 KiB).
	CMPQ    w_len+32(FP), $L1ELEMS
	JGT     rows4

rows8:
	// Eight rows at a time: Y0..Y7 accumulate rows 0..7, sharing each x load.
	CMPQ    BX, $8
	JLT     rows4
	MOVQ    R14, SI
	LEAQ    (R14)(R8*4), R11
	MOVQ    DX, R12
	MOVQ    CX, AX
	VXORPS  Y0, Y0, Y0
	VXORPS  Y1, Y1, Y1
	VXORPS  Y2, Y2, Y2
	VXORPS  Y3, Y3, Y3
	VXORPS  Y4, Y4, Y4
	VXORPS  Y5, Y5, Y5
	VXORPS  Y6, Y6, Y6
	VXORPS  Y7, Y7, Y7
	SUBQ    $16, AX
	JLT     r8one

r8loop:
	// Y0..Y7 += w[r, j:j+16] * x[j:j+16] for rows r of the block (two steps).
	VMOVUPS 0(R12), Y8
	VFMADD231PS 0(SI), Y8, Y0
	VFMADD231PS 0(SI)(R8*1), Y8, Y1
	VFMADD231PS 0(SI)(R8*2), Y8, Y2
	VFMADD231PS 0(SI)(R9*1), Y8, Y3
	VFMADD231PS 0(R11), Y8, Y4
	VFMADD231PS 0(R11)(R8*1), Y8, Y5
	VFMADD231PS 0(R11)(R8*2), Y8, Y6
	VFMADD231PS 0(R11)(R9*1), Y8, Y7
	VMOVUPS 32(R12), Y8
	VFMADD231PS 32(SI), Y8, Y0
	VFMADD231PS 32(SI)(R8*1), Y8, Y1
	VFMADD231PS 32(SI)(R8*2), Y8, Y2
	VFMADD231PS 32(SI)(R9*1), Y8, Y3
	VFMADD231PS 32(R11), Y8, Y4
	VFMADD231PS 32(R11)(R8*1), Y8, Y5
	VFMADD231PS 32(R11)(R8*2), Y8, Y6
	VFMADD231PS 32(R11)(R9*1), Y8, Y7
	ADDQ    $64, SI
	ADDQ    $64, R11
	ADDQ    $64, R12
	SUBQ    $16, AX
	JGE     r8loop

r8one:
	// One more step of 8 columns if at least 8 are left.
	ADDQ    $16, AX
	CMPQ    AX, $8
	JLT     r8tail
	VMOVUPS (R12), Y8
	VFMADD231PS (SI), Y8, Y0
	VFMADD231PS (SI)(R8*1), Y8, Y1
	VFMADD231PS (SI)(R8*2), Y8, Y2
	VFMADD231PS (SI)(R9*1), Y8, Y3
	VFMADD231PS (R11), Y8, Y4
	VFMADD231PS (R11)(R8*1), Y8, Y5
	VFMADD231PS (R11)(R8*2), Y8, Y6
	VFMADD231PS (R11)(R9*1), Y8, Y7
	ADDQ    $32, SI
	ADDQ    $32, R11
	ADDQ    $32, R12
	SUBQ    $8, AX

r8tail:
	// The last n%8 columns, masked: masked-off lanes load as zero.
	TESTQ   AX, AX
	JZ      r8sum
	VMASKMOVPS (R12), Y15, Y8
	VMASKMOVPS (SI), Y15, Y9
	VFMADD231PS Y9, Y8, Y0
	VMASKMOVPS (SI)(R8*1), Y15, Y10
	VFMADD231PS Y10, Y8, Y1
	VMASKMOVPS (SI)(R8*2), Y15, Y11
	VFMADD231PS Y11, Y8, Y2
	VMASKMOVPS (SI)(R9*1), Y15, Y12
	VFMADD231PS Y12, Y8, Y3
	VMASKMOVPS (R11), Y15, Y13
	VFMADD231PS Y13, Y8, Y4
	VMASKMOVPS (R11)(R8*1), Y15, Y14
	VFMADD231PS Y14, Y8, Y5
	VMASKMOVPS (R11)(R8*2), Y15, Y9
	VFMADD231PS Y9, Y8, Y6
	VMASKMOVPS (R11)(R9*1), Y15, Y10
	VFMADD231PS Y10, Y8, Y7

r8sum:
	// Y0 = the eight row sums, in row order: a transpose-and-add tree
	// (unpack pairs of rows, then pairs of pairs), then the two 128-bit
	// halves of each 4-row partial sum are added.
	VUNPCKLPS  Y1, Y0, Y8
	VUNPCKHPS  Y1, Y0, Y9
	VADDPS     Y9, Y8, Y0
	VUNPCKLPS  Y3, Y2, Y10
	VUNPCKHPS  Y3, Y2, Y11
	VADDPS     Y11, Y10, Y2
	VUNPCKLPS  Y5, Y4, Y12
	VUNPCKHPS  Y5, Y4, Y13
	VADDPS     Y13, Y12, Y4
	VUNPCKLPS  Y7, Y6, Y8
	VUNPCKHPS  Y7, Y6, Y9
	VADDPS     Y9, Y8, Y6
	VUNPCKLPD  Y2, Y0, Y8
	VUNPCKHPD  Y2, Y0, Y9
	VADDPS     Y9, Y8, Y0
	VUNPCKLPD  Y6, Y4, Y10
	VUNPCKHPD  Y6, Y4, Y11
	VADDPS     Y11, Y10, Y4
	VPERM2F128 $0x20, Y4, Y0, Y1
	VPERM2F128 $0x31, Y4, Y0, Y2
	VADDPS     Y2, Y1, Y0
	TESTQ      R13, R13
	JZ         r8store
	VADDPS     (DI), Y0, Y0

r8store:
	// y[i:i+8] = Y0; next block of eight rows.
	VMOVUPS Y0, (DI)
	ADDQ    $32, DI
	LEAQ    (R14)(R8*8), R14
	SUBQ    $8, BX
	JMP     rows8

rows4:
	// Four rows at a time: Y0..Y3 and Y4..Y7 accumulate rows 0..3
	// on even and odd 8-column steps.
	CMPQ    BX, $4
	JLT     rows1
	MOVQ    R14, SI
	MOVQ    DX, R12
	MOVQ    CX, AX
	VXORPS  Y0, Y0, Y0
	VXORPS  Y1, Y1, Y1
	VXORPS  Y2, Y2, Y2
	VXORPS  Y3, Y3, Y3
	VXORPS  Y4, Y4, Y4
	VXORPS  Y5, Y5, Y5
	VXORPS  Y6, Y6, Y6
	VXORPS  Y7, Y7, Y7
	SUBQ    $16, AX
	JLT     r4one

r4loop:
	// Y0..Y7 += w[r, j:j+16] * x[j:j+16], r = 0..3.
	VMOVUPS (R12), Y8
	VMOVUPS 32(R12), Y9
	VFMADD231PS (SI), Y8, Y0
	VFMADD231PS 32(SI), Y9, Y4
	VFMADD231PS (SI)(R8*1), Y8, Y1
	VFMADD231PS 32(SI)(R8*1), Y9, Y5
	VFMADD231PS (SI)(R8*2), Y8, Y2
	VFMADD231PS 32(SI)(R8*2), Y9, Y6
	VFMADD231PS (SI)(R9*1), Y8, Y3
	VFMADD231PS 32(SI)(R9*1), Y9, Y7
	ADDQ    $64, SI
	ADDQ    $64, R12
	SUBQ    $16, AX
	JGE     r4loop

r4one:
	// One more step of 8 columns if at least 8 are left.
	ADDQ    $16, AX
	CMPQ    AX, $8
	JLT     r4tail
	VMOVUPS (R12), Y8
	VFMADD231PS (SI), Y8, Y0
	VFMADD231PS (SI)(R8*1), Y8, Y1
	VFMADD231PS (SI)(R8*2), Y8, Y2
	VFMADD231PS (SI)(R9*1), Y8, Y3
	ADDQ    $32, SI
	ADDQ    $32, R12
	SUBQ    $8, AX

r4tail:
	// The last n%8 columns, masked.
	TESTQ   AX, AX
	JZ      r4sum
	VMASKMOVPS (R12), Y15, Y8
	VMASKMOVPS (SI), Y15, Y9
	VFMADD231PS Y9, Y8, Y4
	VMASKMOVPS (SI)(R8*1), Y15, Y10
	VFMADD231PS Y10, Y8, Y5
	VMASKMOVPS (SI)(R8*2), Y15, Y11
	VFMADD231PS Y11, Y8, Y6
	VMASKMOVPS (SI)(R9*1), Y15, Y12
	VFMADD231PS Y12, Y8, Y7

r4sum:
	// X0 = the four row sums.
	VADDPS       Y4, Y0, Y0
	VADDPS       Y5, Y1, Y1
	VADDPS       Y6, Y2, Y2
	VADDPS       Y7, Y3, Y3
	VHADDPS      Y1, Y0, Y0
	VHADDPS      Y3, Y2, Y2
	VHADDPS      Y2, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPS       X1, X0, X0
	TESTQ        R13, R13
	JZ           r4store
	VADDPS       (DI), X0, X0

r4store:
	// y[i:i+4] = X0.
	VMOVUPS X0, (DI)
	ADDQ    $16, DI
	LEAQ    (R14)(R8*4), R14
	SUBQ    $4, BX
	JMP     rows4

rows1:
	// One row at a time (at most three): a dot product with four
	// accumulators, 32 columns per step.
	TESTQ   BX, BX
	JZ      done
	MOVQ    R14, SI
	MOVQ    DX, R12
	MOVQ    CX, AX
	VXORPS  Y0, Y0, Y0
	VXORPS  Y1, Y1, Y1
	VXORPS  Y2, Y2, Y2
	VXORPS  Y3, Y3, Y3
	SUBQ    $32, AX
	JLT     r1step8

r1loop:
	// Y0..Y3 += w[r, j:j+32] * x[j:j+32].
	VMOVUPS     (R12), Y8
	VMOVUPS     32(R12), Y9
	VMOVUPS     64(R12), Y10
	VMOVUPS     96(R12), Y11
	VFMADD231PS (SI), Y8, Y0
	VFMADD231PS 32(SI), Y9, Y1
	VFMADD231PS 64(SI), Y10, Y2
	VFMADD231PS 96(SI), Y11, Y3
	ADDQ        $128, SI
	ADDQ        $128, R12
	SUBQ        $32, AX
	JGE         r1loop

r1step8:
	// Steps of 8 columns while at least 8 are left.
	ADDQ        $32, AX

r1loop8:
	CMPQ        AX, $8
	JLT         r1tail
	VMOVUPS     (R12), Y8
	VFMADD231PS (SI), Y8, Y0
	ADDQ        $32, SI
	ADDQ        $32, R12
	SUBQ        $8, AX
	JMP         r1loop8

r1tail:
	// The last n%8 columns, masked.
	TESTQ       AX, AX
	JZ          r1sum
	VMASKMOVPS  (R12), Y15, Y8
	VMASKMOVPS  (SI), Y15, Y9
	VFMADD231PS Y9, Y8, Y1

r1sum:
	// X0 = horizontal sum of Y0..Y3 (+ y[i]); y[i] = X0.
	VADDPS       Y1, Y0, Y0
	VADDPS       Y3, Y2, Y2
	VADDPS       Y2, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPS       X1, X0, X0
	VMOVHLPS     X0, X0, X1
	VADDPS       X1, X0, X0
	VMOVSHDUP    X0, X1
	VADDSS       X1, X0, X0
	TESTQ        R13, R13
	JZ           r1store
	VADDSS       (DI), X0, X0

r1store:
	VMOVSS X0, (DI)
	ADDQ   $4, DI
	ADDQ   R8, R14
	DECQ   BX
	JMP    rows1

done:
	VZEROUPPER
	RET

// func matVecTAVX2(y, w, x []float32, add bool)
//
// Registers: DI y, CX n, SI first row of the current row block, DX x at that
// row, BX rows left, R14 rows in the block, R13 = 1 when y is to be loaded
// (add, or any block after the first), R8 row stride in bytes, R10 byte
// offset of the current strip of columns, R9 byte offset (from the strip)
// of its last vector, AX/R12/R11 w pointer, x pointer and row counter of
// the row loop, Y15 = broadcast x[i].
TEXT ·matVecTAVX2(SB), NOSPLIT, $0-73
	MOVQ    y_base+0(FP), DI
	MOVQ    y_len+8(FP), CX
	MOVQ    w_base+24(FP), SI
	MOVQ    x_base+48(FP), DX
	MOVQ    x_len+56(FP), BX
	MOVBQZX add+72(FP), R13
	MOVQ    CX, R8
	SHLQ    $2, R8
	CMPQ    CX, $8
	JLT     tsmall
	// R15 = rows per block: about 16 KiB of w, at least 8 rows. A block's
	// strips then re-read lines still in L1, and large matrices are read in
	// eight sequential streams.
	MOVQ    $64, R15
	CMPQ    CX, $64
	JLE     tblock
	MOVQ    $32, R15
	CMPQ    CX, $128
	JLE     tblock
	MOVQ    $16, R15
	CMPQ    CX, $256
	JLE     tblock
	MOVQ    $8, R15

tblock:
	// R14 = rows in this block = min(rows left, R15); strips start at column 0.
	MOVQ    R15, R14
	CMPQ    BX, R14
	CMOVQLT BX, R14
	XORQ    R10, R10

tstrip:
	// AX = bytes of y left from the strip. At least 72 columns left: a full
	// strip of 64; otherwise one last pass over all of them (8..71 columns)
	// with K = ceil(left/8) accumulators whose last vector ends at column n:
	// it overlaps the one before it, and both are computed from the same
	// y values in the same order, so the overlap is stored twice, identically.
	MOVQ    R8, AX
	SUBQ    R10, AX
	JLE     tnext
	MOVQ    $224, R9
	CMPQ    AX, $288
	JGE     tk8
	LEAQ    -32(AX), R9
	ADDQ    $31, AX
	SHRQ    $5, AX
	CMPQ    AX, $1
	JEQ     tk1
	CMPQ    AX, $2
	JEQ     tk2
	CMPQ    AX, $3
	JEQ     tk3
	CMPQ    AX, $4
	JEQ     tk4
	CMPQ    AX, $5
	JEQ     tk5
	CMPQ    AX, $6
	JEQ     tk6
	CMPQ    AX, $7
	JEQ     tk7
	CMPQ    AX, $8
	JEQ     tk8
	JMP     tk9

tk9:
	// 9 accumulators: start from y (R13 != 0) or zero.
	LEAQ    (DI)(R10*1), R12
	TESTQ   R13, R13
	JZ      tk9zero
	VMOVUPS 0(R12), Y0
	VMOVUPS 32(R12), Y1
	VMOVUPS 64(R12), Y2
	VMOVUPS 96(R12), Y3
	VMOVUPS 128(R12), Y4
	VMOVUPS 160(R12), Y5
	VMOVUPS 192(R12), Y6
	VMOVUPS 224(R12), Y7
	VMOVUPS (R12)(R9*1), Y8
	JMP     tk9rows

tk9zero:
	VXORPS  Y0, Y0, Y0
	VXORPS  Y1, Y1, Y1
	VXORPS  Y2, Y2, Y2
	VXORPS  Y3, Y3, Y3
	VXORPS  Y4, Y4, Y4
	VXORPS  Y5, Y5, Y5
	VXORPS  Y6, Y6, Y6
	VXORPS  Y7, Y7, Y7
	VXORPS  Y8, Y8, Y8

tk9rows:
	LEAQ    (SI)(R10*1), AX
	MOVQ    DX, R12
	MOVQ    R14, R11

tk9loop:
	// Y0..Y8 += x[i] * w[i, strip] for each row i of the block.
	VBROADCASTSS (R12), Y15
	VFMADD231PS 0(AX), Y15, Y0
	VFMADD231PS 32(AX), Y15, Y1
	VFMADD231PS 64(AX), Y15, Y2
	VFMADD231PS 96(AX), Y15, Y3
	VFMADD231PS 128(AX), Y15, Y4
	VFMADD231PS 160(AX), Y15, Y5
	VFMADD231PS 192(AX), Y15, Y6
	VFMADD231PS 224(AX), Y15, Y7
	VFMADD231PS (AX)(R9*1), Y15, Y8
	ADDQ    R8, AX
	ADDQ    $4, R12
	DECQ    R11
	JNZ     tk9loop
	// Store the strip, its last (possibly overlapping) vector last.
	LEAQ    (DI)(R10*1), R12
	VMOVUPS Y0, 0(R12)
	VMOVUPS Y1, 32(R12)
	VMOVUPS Y2, 64(R12)
	VMOVUPS Y3, 96(R12)
	VMOVUPS Y4, 128(R12)
	VMOVUPS Y5, 160(R12)
	VMOVUPS Y6, 192(R12)
	VMOVUPS Y7, 224(R12)
	VMOVUPS Y8, (R12)(R9*1)
	JMP     tnext

tk8:
	// 8 accumulators: start from y (R13 != 0) or zero.
	LEAQ    (DI)(R10*1), R12
	TESTQ   R13, R13
	JZ      tk8zero
	VMOVUPS 0(R12), Y0
	VMOVUPS 32(R12), Y1
	VMOVUPS 64(R12), Y2
	VMOVUPS 96(R12), Y3
	VMOVUPS 128(R12), Y4
	VMOVUPS 160(R12), Y5
	VMOVUPS 192(R12), Y6
	VMOVUPS (R12)(R9*1), Y7
	JMP     tk8rows

tk8zero:
	VXORPS  Y0, Y0, Y0
	VXORPS  Y1, Y1, Y1
	VXORPS  Y2, Y2, Y2
	VXORPS  Y3, Y3, Y3
	VXORPS  Y4, Y4, Y4
	VXORPS  Y5, Y5, Y5
	VXORPS  Y6, Y6, Y6
	VXORPS  Y7, Y7, Y7

tk8rows:
	LEAQ    (SI)(R10*1), AX
	MOVQ    DX, R12
	MOVQ    R14, R11

tk8loop:
	// Y0..Y7 += x[i] * w[i, strip] for each row i of the block.
	VBROADCASTSS (R12), Y15
	VFMADD231PS 0(AX), Y15, Y0
	VFMADD231PS 32(AX), Y15, Y1
	VFMADD231PS 64(AX), Y15, Y2
	VFMADD231PS 96(AX), Y15, Y3
	VFMADD231PS 128(AX), Y15, Y4
	VFMADD231PS 160(AX), Y15, Y5
	VFMADD231PS 192(AX), Y15, Y6
	VFMADD231PS (AX)(R9*1), Y15, Y7
	ADDQ    R8, AX
	ADDQ    $4, R12
	DECQ    R11
	JNZ     tk8loop
	// Store the strip, its last (possibly overlapping) vector last.
	LEAQ    (DI)(R10*1), R12
	VMOVUPS Y0, 0(R12)
	VMOVUPS Y1, 32(R12)
	VMOVUPS Y2, 64(R12)
	VMOVUPS Y3, 96(R12)
	VMOVUPS Y4, 128(R12)
	VMOVUPS Y5, 160(R12)
	VMOVUPS Y6, 192(R12)
	VMOVUPS Y7, (R12)(R9*1)
	ADDQ    $256, R10
	JMP     tstrip

tk7:
	// 7 accumulators: start from y (R13 != 0) or zero.
	LEAQ    (DI)(R10*1), R12
	TESTQ   R13, R13
	JZ      tk7zero
	VMOVUPS 0(R12), Y0
	VMOVUPS 32(R12), Y1
	VMOVUPS 64(R12), Y2
	VMOVUPS 96(R12), Y3
	VMOVUPS 128(R12), Y4
	VMOVUPS 160(R12), Y5
	VMOVUPS (R12)(R9*1), Y6
	JMP     tk7rows

tk7zero:
	VXORPS  Y0, Y0, Y0
	VXORPS  Y1, Y1, Y1
	VXORPS  Y2, Y2, Y2
	VXORPS  Y3, Y3, Y3
	VXORPS  Y4, Y4, Y4
	VXORPS  Y5, Y5, Y5
	VXORPS  Y6, Y6, Y6

tk7rows:
	LEAQ    (SI)(R10*1), AX
	MOVQ    DX, R12
	MOVQ    R14, R11

tk7loop:
	// Y0..Y6 += x[i] * w[i, strip] for each row i of the block.
	VBROADCASTSS (R12), Y15
	VFMADD231PS 0(AX), Y15, Y0
	VFMADD231PS 32(AX), Y15, Y1
	VFMADD231PS 64(AX), Y15, Y2
	VFMADD231PS 96(AX), Y15, Y3
	VFMADD231PS 128(AX), Y15, Y4
	VFMADD231PS 160(AX), Y15, Y5
	VFMADD231PS (AX)(R9*1), Y15, Y6
	ADDQ    R8, AX
	ADDQ    $4, R12
	DECQ    R11
	JNZ     tk7loop
	// Store the strip, its last (possibly overlapping) vector last.
	LEAQ    (DI)(R10*1), R12
	VMOVUPS Y0, 0(R12)
	VMOVUPS Y1, 32(R12)
	VMOVUPS Y2, 64(R12)
	VMOVUPS Y3, 96(R12)
	VMOVUPS Y4, 128(R12)
	VMOVUPS Y5, 160(R12)
	VMOVUPS Y6, (R12)(R9*1)
	JMP     tnext

tk6:
	// 6 accumulators: start from y (R13 != 0) or zero.
	LEAQ    (DI)(R10*1), R12
	TESTQ   R13, R13
	JZ      tk6zero
	VMOVUPS 0(R12), Y0
	VMOVUPS 32(R12), Y1
	VMOVUPS 64(R12), Y2
	VMOVUPS 96(R12), Y3
	VMOVUPS 128(R12), Y4
	VMOVUPS (R12)(R9*1), Y5
	JMP     tk6rows

tk6zero:
	VXORPS  Y0, Y0, Y0
	VXORPS  Y1, Y1, Y1
	VXORPS  Y2, Y2, Y2
	VXORPS  Y3, Y3, Y3
	VXORPS  Y4, Y4, Y4
	VXORPS  Y5, Y5, Y5

tk6rows:
	LEAQ    (SI)(R10*1), AX
	MOVQ    DX, R12
	MOVQ    R14, R11

tk6loop:
	// Y0..Y5 += x[i] * w[i, strip] for each row i of the block.
	VBROADCASTSS (R12), Y15
	VFMADD231PS 0(AX), Y15, Y0
	VFMADD231PS 32(AX), Y15, Y1
	VFMADD231PS 64(AX), Y15, Y2
	VFMADD231PS 96(AX), Y15, Y3
	VFMADD231PS 128(AX), Y15, Y4
	VFMADD231PS (AX)(R9*1), Y15, Y5
	ADDQ    R8, AX
	ADDQ    $4, R12
	DECQ    R11
	JNZ     tk6loop
	// Store the strip, its last (possibly overlapping) vector last.
	LEAQ    (DI)(R10*1), R12
	VMOVUPS Y0, 0(R12)
	VMOVUPS Y1, 32(R12)
	VMOVUPS Y2, 64(R12)
	VMOVUPS Y3, 96(R12)
	VMOVUPS Y4, 128(R12)
	VMOVUPS Y5, (R12)(R9*1)
	JMP     tnext

tk5:
	// 5 accumulators: start from y (R13 != 0) or zero.
	LEAQ    (DI)(R10*1), R12
	TESTQ   R13, R13
	JZ      tk5zero
	VMOVUPS 0(R12), Y0
	VMOVUPS 32(R12), Y1
	VMOVUPS 64(R12), Y2
	VMOVUPS 96(R12), Y3
	VMOVUPS (R12)(R9*1), Y4
	JMP     tk5rows

tk5zero:
	VXORPS  Y0, Y0, Y0
	VXORPS  Y1, Y1, Y1
	VXORPS  Y2, Y2, Y2
	VXORPS  Y3, Y3, Y3
	VXORPS  Y4, Y4, Y4

tk5rows:
	LEAQ    (SI)(R10*1), AX
	MOVQ    DX, R12
	MOVQ    R14, R11

tk5loop:
	// Y0..Y4 += x[i] * w[i, strip] for each row i of the block.
	VBROADCASTSS (R12), Y15
	VFMADD231PS 0(AX), Y15, Y0
	VFMADD231PS 32(AX), Y15, Y1
	VFMADD231PS 64(AX), Y15, Y2
	VFMADD231PS 96(AX), Y15, Y3
	VFMADD231PS (AX)(R9*1), Y15, Y4
	ADDQ    R8, AX
	ADDQ    $4, R12
	DECQ    R11
	JNZ     tk5loop
	// Store the strip, its last (possibly overlapping) vector last.
	LEAQ    (DI)(R10*1), R12
	VMOVUPS Y0, 0(R12)
	VMOVUPS Y1, 32(R12)
	VMOVUPS Y2, 64(R12)
	VMOVUPS Y3, 96(R12)
	VMOVUPS Y4, (R12)(R9*1)
	JMP     tnext

tk4:
	// 4 accumulators: start from y (R13 != 0) or zero.
	LEAQ    (DI)(R10*1), R12
	TESTQ   R13, R13
	JZ      tk4zero
	VMOVUPS 0(R12), Y0
	VMOVUPS 32(R12), Y1
	VMOVUPS 64(R12), Y2
	VMOVUPS (R12)(R9*1), Y3
	JMP     tk4rows

tk4zero:
	VXORPS  Y0, Y0, Y0
	VXORPS  Y1, Y1, Y1
	VXORPS  Y2, Y2, Y2
	VXORPS  Y3, Y3, Y3

tk4rows:
	LEAQ    (SI)(R10*1), AX
	MOVQ    DX, R12
	MOVQ    R14, R11

tk4loop:
	// Y0..Y3 += x[i] * w[i, strip] for each row i of the block.
	VBROADCASTSS (R12), Y15
	VFMADD231PS 0(AX), Y15, Y0
	VFMADD231PS 32(AX), Y15, Y1
	VFMADD231PS 64(AX), Y15, Y2
	VFMADD231PS (AX)(R9*1), Y15, Y3
	ADDQ    R8, AX
	ADDQ    $4, R12
	DECQ    R11
	JNZ     tk4loop
	// Store the strip, its last (possibly overlapping) vector last.
	LEAQ    (DI)(R10*1), R12
	VMOVUPS Y0, 0(R12)
	VMOVUPS Y1, 32(R12)
	VMOVUPS Y2, 64(R12)
	VMOVUPS Y3, (R12)(R9*1)
	JMP     tnext

tk3:
	// 3 accumulators: start from y (R13 != 0) or zero.
	LEAQ    (DI)(R10*1), R12
	TESTQ   R13, R13
	JZ      tk3zero
	VMOVUPS 0(R12), Y0
	VMOVUPS 32(R12), Y1
	VMOVUPS (R12)(R9*1), Y2
	JMP     tk3rows

tk3zero:
	VXORPS  Y0, Y0, Y0
	VXORPS  Y1, Y1, Y1
	VXORPS  Y2, Y2, Y2

tk3rows:
	LEAQ    (SI)(R10*1), AX
	MOVQ    DX, R12
	MOVQ    R14, R11

tk3loop:
	// Y0..Y2 += x[i] * w[i, strip] for each row i of the block.
	VBROADCASTSS (R12), Y15
	VFMADD231PS 0(AX), Y15, Y0
	VFMADD231PS 32(AX), Y15, Y1
	VFMADD231PS (AX)(R9*1), Y15, Y2
	ADDQ    R8, AX
	ADDQ    $4, R12
	DECQ    R11
	JNZ     tk3loop
	// Store the strip, its last (possibly overlapping) vector last.
	LEAQ    (DI)(R10*1), R12
	VMOVUPS Y0, 0(R12)
	VMOVUPS Y1, 32(R12)
	VMOVUPS Y2, (R12)(R9*1)
	JMP     tnext

tk2:
	// 2 accumulators: start from y (R13 != 0) or zero.
	LEAQ    (DI)(R10*1), R12
	TESTQ   R13, R13
	JZ      tk2zero
	VMOVUPS 0(R12), Y0
	VMOVUPS (R12)(R9*1), Y1
	JMP     tk2rows

tk2zero:
	VXORPS  Y0, Y0, Y0
	VXORPS  Y1, Y1, Y1

tk2rows:
	LEAQ    (SI)(R10*1), AX
	MOVQ    DX, R12
	MOVQ    R14, R11

tk2loop:
	// Y0..Y1 += x[i] * w[i, strip] for each row i of the block.
	VBROADCASTSS (R12), Y15
	VFMADD231PS 0(AX), Y15, Y0
	VFMADD231PS (AX)(R9*1), Y15, Y1
	ADDQ    R8, AX
	ADDQ    $4, R12
	DECQ    R11
	JNZ     tk2loop
	// Store the strip, its last (possibly overlapping) vector last.
	LEAQ    (DI)(R10*1), R12
	VMOVUPS Y0, 0(R12)
	VMOVUPS Y1, (R12)(R9*1)
	JMP     tnext

tk1:
	// 1 accumulators: start from y (R13 != 0) or zero.
	LEAQ    (DI)(R10*1), R12
	TESTQ   R13, R13
	JZ      tk1zero
	VMOVUPS (R12)(R9*1), Y0
	JMP     tk1rows

tk1zero:
	VXORPS  Y0, Y0, Y0

tk1rows:
	LEAQ    (SI)(R10*1), AX
	MOVQ    DX, R12
	MOVQ    R14, R11

tk1loop:
	// Y0..Y0 += x[i] * w[i, strip] for each row i of the block.
	VBROADCASTSS (R12), Y15
	VFMADD231PS (AX)(R9*1), Y15, Y0
	ADDQ    R8, AX
	ADDQ    $4, R12
	DECQ    R11
	JNZ     tk1loop
	// Store the strip, its last (possibly overlapping) vector last.
	LEAQ    (DI)(R10*1), R12
	VMOVUPS Y0, (R12)(R9*1)
	JMP     tnext

tnext:
	// Next row block: advance w and x by R14 rows; later blocks add to y.
	MOVQ    R14, AX
	IMULQ   R8, AX
	ADDQ    AX, SI
	LEAQ    (DX)(R14*4), DX
	MOVQ    $1, R13
	SUBQ    R14, BX
	JNZ     tblock
	VZEROUPPER
	RET

tsmall:
	// n < 8: one masked vector (Y14 = mask of n lanes), all rows.
	MOVQ       CX, AX
	SHLQ       $2, AX
	LEAQ       ·tailMask+32(SB), R10
	SUBQ       AX, R10
	VMOVDQU    (R10), Y14
	VXORPS     Y0, Y0, Y0
	TESTQ      R13, R13
	JZ         tsloop
	VMASKMOVPS (DI), Y14, Y0

tsloop:
	// Y0 += x[i] * w[i, 0:n].
	VBROADCASTSS (DX), Y15
	VMASKMOVPS   (SI), Y14, Y1
	VFMADD231PS  Y1, Y15, Y0
	ADDQ         R8, SI
	ADDQ         $4, DX
	DECQ         BX
	JNZ          tsloop
	VMASKMOVPS   Y0, Y14, (DI)
	VZEROUPPER
	RET
