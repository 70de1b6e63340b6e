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
	// Pin the function (and so every loop in it) to a 64-byte boundary:
	// loop speed depends on alignment within 64-byte fetch blocks.
	PCALIGN $64
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
	// Pin the function (and so every loop in it) to a 64-byte boundary:
	// loop speed depends on alignment within 64-byte fetch blocks.
	PCALIGN $64
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
	// AX = bytes of y left from the strip. At least 120 columns left: a
	// full strip of 64; otherwise one last pass over all of them (8..119
	// columns) with K = ceil(left/8) <= 15 accumulators whose last vector
	// ends at column n: it overlaps the one before it, and both are computed
	// from the same y values in the same order, so the overlap is stored
	// twice, identically.
	MOVQ    R8, AX
	SUBQ    R10, AX
	JLE     tnext
	MOVQ    $96, R9
	CMPQ    AX, $480
	JGE     tk8
	LEAQ    -160(AX), R9
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
	CMPQ    AX, $9
	JEQ     tk9
	CMPQ    AX, $10
	JEQ     tk10
	CMPQ    AX, $11
	JEQ     tk11
	CMPQ    AX, $12
	JEQ     tk12
	CMPQ    AX, $13
	JEQ     tk13
	CMPQ    AX, $14
	JEQ     tk14
	JMP     tk15

// tk15 .. tk1: one pass over the block's rows with K = 15 .. 1 accumulators
// (Y0..Y(K-1)); the fifteen copies differ only in K. Vector v < K-1 is at
// byte 32*v of the strip, the last one at R9 (both relative to a pointer
// 128 bytes into the strip, so that vectors 0..7 have 8-bit displacements).
// tk8 is also the full strip.

tk15:
	// 15 accumulators: start from y (R13 != 0) or zero.
	LEAQ    128(DI)(R10*1), R12
	TESTQ   R13, R13
	JZ      tk15zero
	VMOVUPS -128(R12), Y0
	VMOVUPS -96(R12), Y1
	VMOVUPS -64(R12), Y2
	VMOVUPS -32(R12), Y3
	VMOVUPS 0(R12), Y4
	VMOVUPS 32(R12), Y5
	VMOVUPS 64(R12), Y6
	VMOVUPS 96(R12), Y7
	VMOVUPS 128(R12), Y8
	VMOVUPS 160(R12), Y9
	VMOVUPS 192(R12), Y10
	VMOVUPS 224(R12), Y11
	VMOVUPS 256(R12), Y12
	VMOVUPS 288(R12), Y13
	VMOVUPS (R12)(R9*1), Y14
	JMP     tk15rows

tk15zero:
	VXORPS  Y0, Y0, Y0
	VXORPS  Y1, Y1, Y1
	VXORPS  Y2, Y2, Y2
	VXORPS  Y3, Y3, Y3
	VXORPS  Y4, Y4, Y4
	VXORPS  Y5, Y5, Y5
	VXORPS  Y6, Y6, Y6
	VXORPS  Y7, Y7, Y7
	VXORPS  Y8, Y8, Y8
	VXORPS  Y9, Y9, Y9
	VXORPS  Y10, Y10, Y10
	VXORPS  Y11, Y11, Y11
	VXORPS  Y12, Y12, Y12
	VXORPS  Y13, Y13, Y13
	VXORPS  Y14, Y14, Y14

tk15rows:
	LEAQ    128(SI)(R10*1), AX
	MOVQ    DX, R12
	MOVQ    R14, R11
tk15loop:
	// Y0..Y14 += x[i] * w[i, strip] for each row i of the block.
	VBROADCASTSS (R12), Y15
	VFMADD231PS -128(AX), Y15, Y0
	VFMADD231PS -96(AX), Y15, Y1
	VFMADD231PS -64(AX), Y15, Y2
	VFMADD231PS -32(AX), Y15, Y3
	VFMADD231PS 0(AX), Y15, Y4
	VFMADD231PS 32(AX), Y15, Y5
	VFMADD231PS 64(AX), Y15, Y6
	VFMADD231PS 96(AX), Y15, Y7
	VFMADD231PS 128(AX), Y15, Y8
	VFMADD231PS 160(AX), Y15, Y9
	VFMADD231PS 192(AX), Y15, Y10
	VFMADD231PS 224(AX), Y15, Y11
	VFMADD231PS 256(AX), Y15, Y12
	VFMADD231PS 288(AX), Y15, Y13
	VFMADD231PS (AX)(R9*1), Y15, Y14
	ADDQ    R8, AX
	ADDQ    $4, R12
	DECQ    R11
	JNZ     tk15loop
	// Store the strip, its last (possibly overlapping) vector last.
	LEAQ    128(DI)(R10*1), R12
	VMOVUPS Y0, -128(R12)
	VMOVUPS Y1, -96(R12)
	VMOVUPS Y2, -64(R12)
	VMOVUPS Y3, -32(R12)
	VMOVUPS Y4, 0(R12)
	VMOVUPS Y5, 32(R12)
	VMOVUPS Y6, 64(R12)
	VMOVUPS Y7, 96(R12)
	VMOVUPS Y8, 128(R12)
	VMOVUPS Y9, 160(R12)
	VMOVUPS Y10, 192(R12)
	VMOVUPS Y11, 224(R12)
	VMOVUPS Y12, 256(R12)
	VMOVUPS Y13, 288(R12)
	VMOVUPS Y14, (R12)(R9*1)
	JMP     tnext

tk14:
	// 14 accumulators: start from y (R13 != 0) or zero.
	LEAQ    128(DI)(R10*1), R12
	TESTQ   R13, R13
	JZ      tk14zero
	VMOVUPS -128(R12), Y0
	VMOVUPS -96(R12), Y1
	VMOVUPS -64(R12), Y2
	VMOVUPS -32(R12), Y3
	VMOVUPS 0(R12), Y4
	VMOVUPS 32(R12), Y5
	VMOVUPS 64(R12), Y6
	VMOVUPS 96(R12), Y7
	VMOVUPS 128(R12), Y8
	VMOVUPS 160(R12), Y9
	VMOVUPS 192(R12), Y10
	VMOVUPS 224(R12), Y11
	VMOVUPS 256(R12), Y12
	VMOVUPS (R12)(R9*1), Y13
	JMP     tk14rows

tk14zero:
	VXORPS  Y0, Y0, Y0
	VXORPS  Y1, Y1, Y1
	VXORPS  Y2, Y2, Y2
	VXORPS  Y3, Y3, Y3
	VXORPS  Y4, Y4, Y4
	VXORPS  Y5, Y5, Y5
	VXORPS  Y6, Y6, Y6
	VXORPS  Y7, Y7, Y7
	VXORPS  Y8, Y8, Y8
	VXORPS  Y9, Y9, Y9
	VXORPS  Y10, Y10, Y10
	VXORPS  Y11, Y11, Y11
	VXORPS  Y12, Y12, Y12
	VXORPS  Y13, Y13, Y13

tk14rows:
	LEAQ    128(SI)(R10*1), AX
	MOVQ    DX, R12
	MOVQ    R14, R11
tk14loop:
	// Y0..Y13 += x[i] * w[i, strip] for each row i of the block.
	VBROADCASTSS (R12), Y15
	VFMADD231PS -128(AX), Y15, Y0
	VFMADD231PS -96(AX), Y15, Y1
	VFMADD231PS -64(AX), Y15, Y2
	VFMADD231PS -32(AX), Y15, Y3
	VFMADD231PS 0(AX), Y15, Y4
	VFMADD231PS 32(AX), Y15, Y5
	VFMADD231PS 64(AX), Y15, Y6
	VFMADD231PS 96(AX), Y15, Y7
	VFMADD231PS 128(AX), Y15, Y8
	VFMADD231PS 160(AX), Y15, Y9
	VFMADD231PS 192(AX), Y15, Y10
	VFMADD231PS 224(AX), Y15, Y11
	VFMADD231PS 256(AX), Y15, Y12
	VFMADD231PS (AX)(R9*1), Y15, Y13
	ADDQ    R8, AX
	ADDQ    $4, R12
	DECQ    R11
	JNZ     tk14loop
	// Store the strip, its last (possibly overlapping) vector last.
	LEAQ    128(DI)(R10*1), R12
	VMOVUPS Y0, -128(R12)
	VMOVUPS Y1, -96(R12)
	VMOVUPS Y2, -64(R12)
	VMOVUPS Y3, -32(R12)
	VMOVUPS Y4, 0(R12)
	VMOVUPS Y5, 32(R12)
	VMOVUPS Y6, 64(R12)
	VMOVUPS Y7, 96(R12)
	VMOVUPS Y8, 128(R12)
	VMOVUPS Y9, 160(R12)
	VMOVUPS Y10, 192(R12)
	VMOVUPS Y11, 224(R12)
	VMOVUPS Y12, 256(R12)
	VMOVUPS Y13, (R12)(R9*1)
	JMP     tnext

tk13:
	// 13 accumulators: start from y (R13 != 0) or zero.
	LEAQ    128(DI)(R10*1), R12
	TESTQ   R13, R13
	JZ      tk13zero
	VMOVUPS -128(R12), Y0
	VMOVUPS -96(R12), Y1
	VMOVUPS -64(R12), Y2
	VMOVUPS -32(R12), Y3
	VMOVUPS 0(R12), Y4
	VMOVUPS 32(R12), Y5
	VMOVUPS 64(R12), Y6
	VMOVUPS 96(R12), Y7
	VMOVUPS 128(R12), Y8
	VMOVUPS 160(R12), Y9
	VMOVUPS 192(R12), Y10
	VMOVUPS 224(R12), Y11
	VMOVUPS (R12)(R9*1), Y12
	JMP     tk13rows

tk13zero:
	VXORPS  Y0, Y0, Y0
	VXORPS  Y1, Y1, Y1
	VXORPS  Y2, Y2, Y2
	VXORPS  Y3, Y3, Y3
	VXORPS  Y4, Y4, Y4
	VXORPS  Y5, Y5, Y5
	VXORPS  Y6, Y6, Y6
	VXORPS  Y7, Y7, Y7
	VXORPS  Y8, Y8, Y8
	VXORPS  Y9, Y9, Y9
	VXORPS  Y10, Y10, Y10
	VXORPS  Y11, Y11, Y11
	VXORPS  Y12, Y12, Y12

tk13rows:
	LEAQ    128(SI)(R10*1), AX
	MOVQ    DX, R12
	MOVQ    R14, R11
tk13loop:
	// Y0..Y12 += x[i] * w[i, strip] for each row i of the block.
	VBROADCASTSS (R12), Y15
	VFMADD231PS -128(AX), Y15, Y0
	VFMADD231PS -96(AX), Y15, Y1
	VFMADD231PS -64(AX), Y15, Y2
	VFMADD231PS -32(AX), Y15, Y3
	VFMADD231PS 0(AX), Y15, Y4
	VFMADD231PS 32(AX), Y15, Y5
	VFMADD231PS 64(AX), Y15, Y6
	VFMADD231PS 96(AX), Y15, Y7
	VFMADD231PS 128(AX), Y15, Y8
	VFMADD231PS 160(AX), Y15, Y9
	VFMADD231PS 192(AX), Y15, Y10
	VFMADD231PS 224(AX), Y15, Y11
	VFMADD231PS (AX)(R9*1), Y15, Y12
	ADDQ    R8, AX
	ADDQ    $4, R12
	DECQ    R11
	JNZ     tk13loop
	// Store the strip, its last (possibly overlapping) vector last.
	LEAQ    128(DI)(R10*1), R12
	VMOVUPS Y0, -128(R12)
	VMOVUPS Y1, -96(R12)
	VMOVUPS Y2, -64(R12)
	VMOVUPS Y3, -32(R12)
	VMOVUPS Y4, 0(R12)
	VMOVUPS Y5, 32(R12)
	VMOVUPS Y6, 64(R12)
	VMOVUPS Y7, 96(R12)
	VMOVUPS Y8, 128(R12)
	VMOVUPS Y9, 160(R12)
	VMOVUPS Y10, 192(R12)
	VMOVUPS Y11, 224(R12)
	VMOVUPS Y12, (R12)(R9*1)
	JMP     tnext

tk12:
	// 12 accumulators: start from y (R13 != 0) or zero.
	LEAQ    128(DI)(R10*1), R12
	TESTQ   R13, R13
	JZ      tk12zero
	VMOVUPS -128(R12), Y0
	VMOVUPS -96(R12), Y1
	VMOVUPS -64(R12), Y2
	VMOVUPS -32(R12), Y3
	VMOVUPS 0(R12), Y4
	VMOVUPS 32(R12), Y5
	VMOVUPS 64(R12), Y6
	VMOVUPS 96(R12), Y7
	VMOVUPS 128(R12), Y8
	VMOVUPS 160(R12), Y9
	VMOVUPS 192(R12), Y10
	VMOVUPS (R12)(R9*1), Y11
	JMP     tk12rows

tk12zero:
	VXORPS  Y0, Y0, Y0
	VXORPS  Y1, Y1, Y1
	VXORPS  Y2, Y2, Y2
	VXORPS  Y3, Y3, Y3
	VXORPS  Y4, Y4, Y4
	VXORPS  Y5, Y5, Y5
	VXORPS  Y6, Y6, Y6
	VXORPS  Y7, Y7, Y7
	VXORPS  Y8, Y8, Y8
	VXORPS  Y9, Y9, Y9
	VXORPS  Y10, Y10, Y10
	VXORPS  Y11, Y11, Y11

tk12rows:
	LEAQ    128(SI)(R10*1), AX
	MOVQ    DX, R12
	MOVQ    R14, R11
tk12loop:
	// Y0..Y11 += x[i] * w[i, strip] for each row i of the block.
	VBROADCASTSS (R12), Y15
	VFMADD231PS -128(AX), Y15, Y0
	VFMADD231PS -96(AX), Y15, Y1
	VFMADD231PS -64(AX), Y15, Y2
	VFMADD231PS -32(AX), Y15, Y3
	VFMADD231PS 0(AX), Y15, Y4
	VFMADD231PS 32(AX), Y15, Y5
	VFMADD231PS 64(AX), Y15, Y6
	VFMADD231PS 96(AX), Y15, Y7
	VFMADD231PS 128(AX), Y15, Y8
	VFMADD231PS 160(AX), Y15, Y9
	VFMADD231PS 192(AX), Y15, Y10
	VFMADD231PS (AX)(R9*1), Y15, Y11
	ADDQ    R8, AX
	ADDQ    $4, R12
	DECQ    R11
	JNZ     tk12loop
	// Store the strip, its last (possibly overlapping) vector last.
	LEAQ    128(DI)(R10*1), R12
	VMOVUPS Y0, -128(R12)
	VMOVUPS Y1, -96(R12)
	VMOVUPS Y2, -64(R12)
	VMOVUPS Y3, -32(R12)
	VMOVUPS Y4, 0(R12)
	VMOVUPS Y5, 32(R12)
	VMOVUPS Y6, 64(R12)
	VMOVUPS Y7, 96(R12)
	VMOVUPS Y8, 128(R12)
	VMOVUPS Y9, 160(R12)
	VMOVUPS Y10, 192(R12)
	VMOVUPS Y11, (R12)(R9*1)
	JMP     tnext

tk11:
	// 11 accumulators: start from y (R13 != 0) or zero.
	LEAQ    128(DI)(R10*1), R12
	TESTQ   R13, R13
	JZ      tk11zero
	VMOVUPS -128(R12), Y0
	VMOVUPS -96(R12), Y1
	VMOVUPS -64(R12), Y2
	VMOVUPS -32(R12), Y3
	VMOVUPS 0(R12), Y4
	VMOVUPS 32(R12), Y5
	VMOVUPS 64(R12), Y6
	VMOVUPS 96(R12), Y7
	VMOVUPS 128(R12), Y8
	VMOVUPS 160(R12), Y9
	VMOVUPS (R12)(R9*1), Y10
	JMP     tk11rows

tk11zero:
	VXORPS  Y0, Y0, Y0
	VXORPS  Y1, Y1, Y1
	VXORPS  Y2, Y2, Y2
	VXORPS  Y3, Y3, Y3
	VXORPS  Y4, Y4, Y4
	VXORPS  Y5, Y5, Y5
	VXORPS  Y6, Y6, Y6
	VXORPS  Y7, Y7, Y7
	VXORPS  Y8, Y8, Y8
	VXORPS  Y9, Y9, Y9
	VXORPS  Y10, Y10, Y10

tk11rows:
	LEAQ    128(SI)(R10*1), AX
	MOVQ    DX, R12
	MOVQ    R14, R11
tk11loop:
	// Y0..Y10 += x[i] * w[i, strip] for each row i of the block.
	VBROADCASTSS (R12), Y15
	VFMADD231PS -128(AX), Y15, Y0
	VFMADD231PS -96(AX), Y15, Y1
	VFMADD231PS -64(AX), Y15, Y2
	VFMADD231PS -32(AX), Y15, Y3
	VFMADD231PS 0(AX), Y15, Y4
	VFMADD231PS 32(AX), Y15, Y5
	VFMADD231PS 64(AX), Y15, Y6
	VFMADD231PS 96(AX), Y15, Y7
	VFMADD231PS 128(AX), Y15, Y8
	VFMADD231PS 160(AX), Y15, Y9
	VFMADD231PS (AX)(R9*1), Y15, Y10
	ADDQ    R8, AX
	ADDQ    $4, R12
	DECQ    R11
	JNZ     tk11loop
	// Store the strip, its last (possibly overlapping) vector last.
	LEAQ    128(DI)(R10*1), R12
	VMOVUPS Y0, -128(R12)
	VMOVUPS Y1, -96(R12)
	VMOVUPS Y2, -64(R12)
	VMOVUPS Y3, -32(R12)
	VMOVUPS Y4, 0(R12)
	VMOVUPS Y5, 32(R12)
	VMOVUPS Y6, 64(R12)
	VMOVUPS Y7, 96(R12)
	VMOVUPS Y8, 128(R12)
	VMOVUPS Y9, 160(R12)
	VMOVUPS Y10, (R12)(R9*1)
	JMP     tnext

tk10:
	// 10 accumulators: start from y (R13 != 0) or zero.
	LEAQ    128(DI)(R10*1), R12
	TESTQ   R13, R13
	JZ      tk10zero
	VMOVUPS -128(R12), Y0
	VMOVUPS -96(R12), Y1
	VMOVUPS -64(R12), Y2
	VMOVUPS -32(R12), Y3
	VMOVUPS 0(R12), Y4
	VMOVUPS 32(R12), Y5
	VMOVUPS 64(R12), Y6
	VMOVUPS 96(R12), Y7
	VMOVUPS 128(R12), Y8
	VMOVUPS (R12)(R9*1), Y9
	JMP     tk10rows

tk10zero:
	VXORPS  Y0, Y0, Y0
	VXORPS  Y1, Y1, Y1
	VXORPS  Y2, Y2, Y2
	VXORPS  Y3, Y3, Y3
	VXORPS  Y4, Y4, Y4
	VXORPS  Y5, Y5, Y5
	VXORPS  Y6, Y6, Y6
	VXORPS  Y7, Y7, Y7
	VXORPS  Y8, Y8, Y8
	VXORPS  Y9, Y9, Y9

tk10rows:
	LEAQ    128(SI)(R10*1), AX
	MOVQ    DX, R12
	MOVQ    R14, R11
tk10loop:
	// Y0..Y9 += x[i] * w[i, strip] for each row i of the block.
	VBROADCASTSS (R12), Y15
	VFMADD231PS -128(AX), Y15, Y0
	VFMADD231PS -96(AX), Y15, Y1
	VFMADD231PS -64(AX), Y15, Y2
	VFMADD231PS -32(AX), Y15, Y3
	VFMADD231PS 0(AX), Y15, Y4
	VFMADD231PS 32(AX), Y15, Y5
	VFMADD231PS 64(AX), Y15, Y6
	VFMADD231PS 96(AX), Y15, Y7
	VFMADD231PS 128(AX), Y15, Y8
	VFMADD231PS (AX)(R9*1), Y15, Y9
	ADDQ    R8, AX
	ADDQ    $4, R12
	DECQ    R11
	JNZ     tk10loop
	// Store the strip, its last (possibly overlapping) vector last.
	LEAQ    128(DI)(R10*1), R12
	VMOVUPS Y0, -128(R12)
	VMOVUPS Y1, -96(R12)
	VMOVUPS Y2, -64(R12)
	VMOVUPS Y3, -32(R12)
	VMOVUPS Y4, 0(R12)
	VMOVUPS Y5, 32(R12)
	VMOVUPS Y6, 64(R12)
	VMOVUPS Y7, 96(R12)
	VMOVUPS Y8, 128(R12)
	VMOVUPS Y9, (R12)(R9*1)
	JMP     tnext

tk9:
	// 9 accumulators: start from y (R13 != 0) or zero.
	LEAQ    128(DI)(R10*1), R12
	TESTQ   R13, R13
	JZ      tk9zero
	VMOVUPS -128(R12), Y0
	VMOVUPS -96(R12), Y1
	VMOVUPS -64(R12), Y2
	VMOVUPS -32(R12), Y3
	VMOVUPS 0(R12), Y4
	VMOVUPS 32(R12), Y5
	VMOVUPS 64(R12), Y6
	VMOVUPS 96(R12), Y7
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
	LEAQ    128(SI)(R10*1), AX
	MOVQ    DX, R12
	MOVQ    R14, R11
tk9loop:
	// Y0..Y8 += x[i] * w[i, strip] for each row i of the block.
	VBROADCASTSS (R12), Y15
	VFMADD231PS -128(AX), Y15, Y0
	VFMADD231PS -96(AX), Y15, Y1
	VFMADD231PS -64(AX), Y15, Y2
	VFMADD231PS -32(AX), Y15, Y3
	VFMADD231PS 0(AX), Y15, Y4
	VFMADD231PS 32(AX), Y15, Y5
	VFMADD231PS 64(AX), Y15, Y6
	VFMADD231PS 96(AX), Y15, Y7
	VFMADD231PS (AX)(R9*1), Y15, Y8
	ADDQ    R8, AX
	ADDQ    $4, R12
	DECQ    R11
	JNZ     tk9loop
	// Store the strip, its last (possibly overlapping) vector last.
	LEAQ    128(DI)(R10*1), R12
	VMOVUPS Y0, -128(R12)
	VMOVUPS Y1, -96(R12)
	VMOVUPS Y2, -64(R12)
	VMOVUPS Y3, -32(R12)
	VMOVUPS Y4, 0(R12)
	VMOVUPS Y5, 32(R12)
	VMOVUPS Y6, 64(R12)
	VMOVUPS Y7, 96(R12)
	VMOVUPS Y8, (R12)(R9*1)
	JMP     tnext

tk8:
	// 8 accumulators: start from y (R13 != 0) or zero.
	LEAQ    128(DI)(R10*1), R12
	TESTQ   R13, R13
	JZ      tk8zero
	VMOVUPS -128(R12), Y0
	VMOVUPS -96(R12), Y1
	VMOVUPS -64(R12), Y2
	VMOVUPS -32(R12), Y3
	VMOVUPS 0(R12), Y4
	VMOVUPS 32(R12), Y5
	VMOVUPS 64(R12), Y6
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
	LEAQ    128(SI)(R10*1), AX
	MOVQ    DX, R12
	MOVQ    R14, R11
tk8loop:
	// Y0..Y7 += x[i] * w[i, strip] for each row i of the block.
	VBROADCASTSS (R12), Y15
	VFMADD231PS -128(AX), Y15, Y0
	VFMADD231PS -96(AX), Y15, Y1
	VFMADD231PS -64(AX), Y15, Y2
	VFMADD231PS -32(AX), Y15, Y3
	VFMADD231PS 0(AX), Y15, Y4
	VFMADD231PS 32(AX), Y15, Y5
	VFMADD231PS 64(AX), Y15, Y6
	VFMADD231PS (AX)(R9*1), Y15, Y7
	ADDQ    R8, AX
	ADDQ    $4, R12
	DECQ    R11
	JNZ     tk8loop
	// Store the strip, its last (possibly overlapping) vector last.
	LEAQ    128(DI)(R10*1), R12
	VMOVUPS Y0, -128(R12)
	VMOVUPS Y1, -96(R12)
	VMOVUPS Y2, -64(R12)
	VMOVUPS Y3, -32(R12)
	VMOVUPS Y4, 0(R12)
	VMOVUPS Y5, 32(R12)
	VMOVUPS Y6, 64(R12)
	VMOVUPS Y7, (R12)(R9*1)
	ADDQ    $256, R10
	JMP     tstrip

tk7:
	// 7 accumulators per set, 2 sets (rows i mod 2) so that 14 FMA
	// chains hide the latency; set 0 starts from y (R13 != 0) or zero.
	LEAQ    128(DI)(R10*1), R12
	TESTQ   R13, R13
	JZ      tk7zero
	VMOVUPS -128(R12), Y0
	VMOVUPS -96(R12), Y1
	VMOVUPS -64(R12), Y2
	VMOVUPS -32(R12), Y3
	VMOVUPS 0(R12), Y4
	VMOVUPS 32(R12), Y5
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
	VXORPS  Y7, Y7, Y7
	VXORPS  Y8, Y8, Y8
	VXORPS  Y9, Y9, Y9
	VXORPS  Y10, Y10, Y10
	VXORPS  Y11, Y11, Y11
	VXORPS  Y12, Y12, Y12
	VXORPS  Y13, Y13, Y13
	LEAQ    128(SI)(R10*1), AX
	MOVQ    DX, R12
	MOVQ    R14, R11
	CMPQ    R11, $2
	JLT     tk7one

tk7loop2:
	// Set s += x[i+s] * w[i+s, strip], s = 0..1.
	VBROADCASTSS 0(R12), Y15
	VFMADD231PS -128(AX), Y15, Y0
	VFMADD231PS -96(AX), Y15, Y1
	VFMADD231PS -64(AX), Y15, Y2
	VFMADD231PS -32(AX), Y15, Y3
	VFMADD231PS 0(AX), Y15, Y4
	VFMADD231PS 32(AX), Y15, Y5
	VFMADD231PS (AX)(R9*1), Y15, Y6
	ADDQ    R8, AX
	VBROADCASTSS 4(R12), Y14
	VFMADD231PS -128(AX), Y14, Y7
	VFMADD231PS -96(AX), Y14, Y8
	VFMADD231PS -64(AX), Y14, Y9
	VFMADD231PS -32(AX), Y14, Y10
	VFMADD231PS 0(AX), Y14, Y11
	VFMADD231PS 32(AX), Y14, Y12
	VFMADD231PS (AX)(R9*1), Y14, Y13
	ADDQ    R8, AX
	ADDQ    $8, R12
	SUBQ    $2, R11
	CMPQ    R11, $2
	JGE     tk7loop2

tk7one:
	// The last rows mod 2, one at a time into set 0.
	TESTQ   R11, R11
	JZ      tk7sum

tk7loop:
	// Y0..Y6 += x[i] * w[i, strip] for each row i of the block.
	VBROADCASTSS (R12), Y15
	VFMADD231PS -128(AX), Y15, Y0
	VFMADD231PS -96(AX), Y15, Y1
	VFMADD231PS -64(AX), Y15, Y2
	VFMADD231PS -32(AX), Y15, Y3
	VFMADD231PS 0(AX), Y15, Y4
	VFMADD231PS 32(AX), Y15, Y5
	VFMADD231PS (AX)(R9*1), Y15, Y6
	ADDQ    R8, AX
	ADDQ    $4, R12
	DECQ    R11
	JNZ     tk7loop

tk7sum:
	// Set 0 += the other sets (pairwise tree).
	VADDPS  Y7, Y0, Y0
	VADDPS  Y8, Y1, Y1
	VADDPS  Y9, Y2, Y2
	VADDPS  Y10, Y3, Y3
	VADDPS  Y11, Y4, Y4
	VADDPS  Y12, Y5, Y5
	VADDPS  Y13, Y6, Y6
	// Store the strip, its last (possibly overlapping) vector last.
	LEAQ    128(DI)(R10*1), R12
	VMOVUPS Y0, -128(R12)
	VMOVUPS Y1, -96(R12)
	VMOVUPS Y2, -64(R12)
	VMOVUPS Y3, -32(R12)
	VMOVUPS Y4, 0(R12)
	VMOVUPS Y5, 32(R12)
	VMOVUPS Y6, (R12)(R9*1)
	JMP     tnext

tk6:
	// 6 accumulators per set, 2 sets (rows i mod 2) so that 12 FMA
	// chains hide the latency; set 0 starts from y (R13 != 0) or zero.
	LEAQ    128(DI)(R10*1), R12
	TESTQ   R13, R13
	JZ      tk6zero
	VMOVUPS -128(R12), Y0
	VMOVUPS -96(R12), Y1
	VMOVUPS -64(R12), Y2
	VMOVUPS -32(R12), Y3
	VMOVUPS 0(R12), Y4
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
	VXORPS  Y6, Y6, Y6
	VXORPS  Y7, Y7, Y7
	VXORPS  Y8, Y8, Y8
	VXORPS  Y9, Y9, Y9
	VXORPS  Y10, Y10, Y10
	VXORPS  Y11, Y11, Y11
	LEAQ    128(SI)(R10*1), AX
	MOVQ    DX, R12
	MOVQ    R14, R11
	CMPQ    R11, $2
	JLT     tk6one

tk6loop2:
	// Set s += x[i+s] * w[i+s, strip], s = 0..1.
	VBROADCASTSS 0(R12), Y15
	VFMADD231PS -128(AX), Y15, Y0
	VFMADD231PS -96(AX), Y15, Y1
	VFMADD231PS -64(AX), Y15, Y2
	VFMADD231PS -32(AX), Y15, Y3
	VFMADD231PS 0(AX), Y15, Y4
	VFMADD231PS (AX)(R9*1), Y15, Y5
	ADDQ    R8, AX
	VBROADCASTSS 4(R12), Y14
	VFMADD231PS -128(AX), Y14, Y6
	VFMADD231PS -96(AX), Y14, Y7
	VFMADD231PS -64(AX), Y14, Y8
	VFMADD231PS -32(AX), Y14, Y9
	VFMADD231PS 0(AX), Y14, Y10
	VFMADD231PS (AX)(R9*1), Y14, Y11
	ADDQ    R8, AX
	ADDQ    $8, R12
	SUBQ    $2, R11
	CMPQ    R11, $2
	JGE     tk6loop2

tk6one:
	// The last rows mod 2, one at a time into set 0.
	TESTQ   R11, R11
	JZ      tk6sum

tk6loop:
	// Y0..Y5 += x[i] * w[i, strip] for each row i of the block.
	VBROADCASTSS (R12), Y15
	VFMADD231PS -128(AX), Y15, Y0
	VFMADD231PS -96(AX), Y15, Y1
	VFMADD231PS -64(AX), Y15, Y2
	VFMADD231PS -32(AX), Y15, Y3
	VFMADD231PS 0(AX), Y15, Y4
	VFMADD231PS (AX)(R9*1), Y15, Y5
	ADDQ    R8, AX
	ADDQ    $4, R12
	DECQ    R11
	JNZ     tk6loop

tk6sum:
	// Set 0 += the other sets (pairwise tree).
	VADDPS  Y6, Y0, Y0
	VADDPS  Y7, Y1, Y1
	VADDPS  Y8, Y2, Y2
	VADDPS  Y9, Y3, Y3
	VADDPS  Y10, Y4, Y4
	VADDPS  Y11, Y5, Y5
	// Store the strip, its last (possibly overlapping) vector last.
	LEAQ    128(DI)(R10*1), R12
	VMOVUPS Y0, -128(R12)
	VMOVUPS Y1, -96(R12)
	VMOVUPS Y2, -64(R12)
	VMOVUPS Y3, -32(R12)
	VMOVUPS Y4, 0(R12)
	VMOVUPS Y5, (R12)(R9*1)
	JMP     tnext

tk5:
	// 5 accumulators per set, 2 sets (rows i mod 2) so that 10 FMA
	// chains hide the latency; set 0 starts from y (R13 != 0) or zero.
	LEAQ    128(DI)(R10*1), R12
	TESTQ   R13, R13
	JZ      tk5zero
	VMOVUPS -128(R12), Y0
	VMOVUPS -96(R12), Y1
	VMOVUPS -64(R12), Y2
	VMOVUPS -32(R12), Y3
	VMOVUPS (R12)(R9*1), Y4
	JMP     tk5rows

tk5zero:
	VXORPS  Y0, Y0, Y0
	VXORPS  Y1, Y1, Y1
	VXORPS  Y2, Y2, Y2
	VXORPS  Y3, Y3, Y3
	VXORPS  Y4, Y4, Y4

tk5rows:
	VXORPS  Y5, Y5, Y5
	VXORPS  Y6, Y6, Y6
	VXORPS  Y7, Y7, Y7
	VXORPS  Y8, Y8, Y8
	VXORPS  Y9, Y9, Y9
	LEAQ    128(SI)(R10*1), AX
	MOVQ    DX, R12
	MOVQ    R14, R11
	CMPQ    R11, $2
	JLT     tk5one

tk5loop2:
	// Set s += x[i+s] * w[i+s, strip], s = 0..1.
	VBROADCASTSS 0(R12), Y15
	VFMADD231PS -128(AX), Y15, Y0
	VFMADD231PS -96(AX), Y15, Y1
	VFMADD231PS -64(AX), Y15, Y2
	VFMADD231PS -32(AX), Y15, Y3
	VFMADD231PS (AX)(R9*1), Y15, Y4
	ADDQ    R8, AX
	VBROADCASTSS 4(R12), Y14
	VFMADD231PS -128(AX), Y14, Y5
	VFMADD231PS -96(AX), Y14, Y6
	VFMADD231PS -64(AX), Y14, Y7
	VFMADD231PS -32(AX), Y14, Y8
	VFMADD231PS (AX)(R9*1), Y14, Y9
	ADDQ    R8, AX
	ADDQ    $8, R12
	SUBQ    $2, R11
	CMPQ    R11, $2
	JGE     tk5loop2

tk5one:
	// The last rows mod 2, one at a time into set 0.
	TESTQ   R11, R11
	JZ      tk5sum

tk5loop:
	// Y0..Y4 += x[i] * w[i, strip] for each row i of the block.
	VBROADCASTSS (R12), Y15
	VFMADD231PS -128(AX), Y15, Y0
	VFMADD231PS -96(AX), Y15, Y1
	VFMADD231PS -64(AX), Y15, Y2
	VFMADD231PS -32(AX), Y15, Y3
	VFMADD231PS (AX)(R9*1), Y15, Y4
	ADDQ    R8, AX
	ADDQ    $4, R12
	DECQ    R11
	JNZ     tk5loop

tk5sum:
	// Set 0 += the other sets (pairwise tree).
	VADDPS  Y5, Y0, Y0
	VADDPS  Y6, Y1, Y1
	VADDPS  Y7, Y2, Y2
	VADDPS  Y8, Y3, Y3
	VADDPS  Y9, Y4, Y4
	// Store the strip, its last (possibly overlapping) vector last.
	LEAQ    128(DI)(R10*1), R12
	VMOVUPS Y0, -128(R12)
	VMOVUPS Y1, -96(R12)
	VMOVUPS Y2, -64(R12)
	VMOVUPS Y3, -32(R12)
	VMOVUPS Y4, (R12)(R9*1)
	JMP     tnext

tk4:
	// 4 accumulators per set, 2 sets (rows i mod 2) so that 8 FMA
	// chains hide the latency; set 0 starts from y (R13 != 0) or zero.
	LEAQ    128(DI)(R10*1), R12
	TESTQ   R13, R13
	JZ      tk4zero
	VMOVUPS -128(R12), Y0
	VMOVUPS -96(R12), Y1
	VMOVUPS -64(R12), Y2
	VMOVUPS (R12)(R9*1), Y3
	JMP     tk4rows

tk4zero:
	VXORPS  Y0, Y0, Y0
	VXORPS  Y1, Y1, Y1
	VXORPS  Y2, Y2, Y2
	VXORPS  Y3, Y3, Y3

tk4rows:
	VXORPS  Y4, Y4, Y4
	VXORPS  Y5, Y5, Y5
	VXORPS  Y6, Y6, Y6
	VXORPS  Y7, Y7, Y7
	LEAQ    128(SI)(R10*1), AX
	MOVQ    DX, R12
	MOVQ    R14, R11
	CMPQ    R11, $2
	JLT     tk4one

tk4loop2:
	// Set s += x[i+s] * w[i+s, strip], s = 0..1.
	VBROADCASTSS 0(R12), Y15
	VFMADD231PS -128(AX), Y15, Y0
	VFMADD231PS -96(AX), Y15, Y1
	VFMADD231PS -64(AX), Y15, Y2
	VFMADD231PS (AX)(R9*1), Y15, Y3
	ADDQ    R8, AX
	VBROADCASTSS 4(R12), Y14
	VFMADD231PS -128(AX), Y14, Y4
	VFMADD231PS -96(AX), Y14, Y5
	VFMADD231PS -64(AX), Y14, Y6
	VFMADD231PS (AX)(R9*1), Y14, Y7
	ADDQ    R8, AX
	ADDQ    $8, R12
	SUBQ    $2, R11
	CMPQ    R11, $2
	JGE     tk4loop2

tk4one:
	// The last rows mod 2, one at a time into set 0.
	TESTQ   R11, R11
	JZ      tk4sum

tk4loop:
	// Y0..Y3 += x[i] * w[i, strip] for each row i of the block.
	VBROADCASTSS (R12), Y15
	VFMADD231PS -128(AX), Y15, Y0
	VFMADD231PS -96(AX), Y15, Y1
	VFMADD231PS -64(AX), Y15, Y2
	VFMADD231PS (AX)(R9*1), Y15, Y3
	ADDQ    R8, AX
	ADDQ    $4, R12
	DECQ    R11
	JNZ     tk4loop

tk4sum:
	// Set 0 += the other sets (pairwise tree).
	VADDPS  Y4, Y0, Y0
	VADDPS  Y5, Y1, Y1
	VADDPS  Y6, Y2, Y2
	VADDPS  Y7, Y3, Y3
	// Store the strip, its last (possibly overlapping) vector last.
	LEAQ    128(DI)(R10*1), R12
	VMOVUPS Y0, -128(R12)
	VMOVUPS Y1, -96(R12)
	VMOVUPS Y2, -64(R12)
	VMOVUPS Y3, (R12)(R9*1)
	JMP     tnext

tk3:
	// 3 accumulators per set, 4 sets (rows i mod 4) so that 12 FMA
	// chains hide the latency; set 0 starts from y (R13 != 0) or zero.
	LEAQ    128(DI)(R10*1), R12
	TESTQ   R13, R13
	JZ      tk3zero
	VMOVUPS -128(R12), Y0
	VMOVUPS -96(R12), Y1
	VMOVUPS (R12)(R9*1), Y2
	JMP     tk3rows

tk3zero:
	VXORPS  Y0, Y0, Y0
	VXORPS  Y1, Y1, Y1
	VXORPS  Y2, Y2, Y2

tk3rows:
	VXORPS  Y3, Y3, Y3
	VXORPS  Y4, Y4, Y4
	VXORPS  Y5, Y5, Y5
	VXORPS  Y6, Y6, Y6
	VXORPS  Y7, Y7, Y7
	VXORPS  Y8, Y8, Y8
	VXORPS  Y9, Y9, Y9
	VXORPS  Y10, Y10, Y10
	VXORPS  Y11, Y11, Y11
	LEAQ    128(SI)(R10*1), AX
	MOVQ    DX, R12
	MOVQ    R14, R11
	CMPQ    R11, $4
	JLT     tk3one

tk3loop4:
	// Set s += x[i+s] * w[i+s, strip], s = 0..3.
	VBROADCASTSS 0(R12), Y15
	VFMADD231PS -128(AX), Y15, Y0
	VFMADD231PS -96(AX), Y15, Y1
	VFMADD231PS (AX)(R9*1), Y15, Y2
	ADDQ    R8, AX
	VBROADCASTSS 4(R12), Y14
	VFMADD231PS -128(AX), Y14, Y3
	VFMADD231PS -96(AX), Y14, Y4
	VFMADD231PS (AX)(R9*1), Y14, Y5
	ADDQ    R8, AX
	VBROADCASTSS 8(R12), Y13
	VFMADD231PS -128(AX), Y13, Y6
	VFMADD231PS -96(AX), Y13, Y7
	VFMADD231PS (AX)(R9*1), Y13, Y8
	ADDQ    R8, AX
	VBROADCASTSS 12(R12), Y12
	VFMADD231PS -128(AX), Y12, Y9
	VFMADD231PS -96(AX), Y12, Y10
	VFMADD231PS (AX)(R9*1), Y12, Y11
	ADDQ    R8, AX
	ADDQ    $16, R12
	SUBQ    $4, R11
	CMPQ    R11, $4
	JGE     tk3loop4

tk3one:
	// The last rows mod 4, one at a time into set 0.
	TESTQ   R11, R11
	JZ      tk3sum

tk3loop:
	// Y0..Y2 += x[i] * w[i, strip] for each row i of the block.
	VBROADCASTSS (R12), Y15
	VFMADD231PS -128(AX), Y15, Y0
	VFMADD231PS -96(AX), Y15, Y1
	VFMADD231PS (AX)(R9*1), Y15, Y2
	ADDQ    R8, AX
	ADDQ    $4, R12
	DECQ    R11
	JNZ     tk3loop

tk3sum:
	// Set 0 += the other sets (pairwise tree).
	VADDPS  Y3, Y0, Y0
	VADDPS  Y4, Y1, Y1
	VADDPS  Y5, Y2, Y2
	VADDPS  Y9, Y6, Y6
	VADDPS  Y10, Y7, Y7
	VADDPS  Y11, Y8, Y8
	VADDPS  Y6, Y0, Y0
	VADDPS  Y7, Y1, Y1
	VADDPS  Y8, Y2, Y2
	// Store the strip, its last (possibly overlapping) vector last.
	LEAQ    128(DI)(R10*1), R12
	VMOVUPS Y0, -128(R12)
	VMOVUPS Y1, -96(R12)
	VMOVUPS Y2, (R12)(R9*1)
	JMP     tnext

tk2:
	// 2 accumulators per set, 4 sets (rows i mod 4) so that 8 FMA
	// chains hide the latency; set 0 starts from y (R13 != 0) or zero.
	LEAQ    128(DI)(R10*1), R12
	TESTQ   R13, R13
	JZ      tk2zero
	VMOVUPS -128(R12), Y0
	VMOVUPS (R12)(R9*1), Y1
	JMP     tk2rows

tk2zero:
	VXORPS  Y0, Y0, Y0
	VXORPS  Y1, Y1, Y1

tk2rows:
	VXORPS  Y2, Y2, Y2
	VXORPS  Y3, Y3, Y3
	VXORPS  Y4, Y4, Y4
	VXORPS  Y5, Y5, Y5
	VXORPS  Y6, Y6, Y6
	VXORPS  Y7, Y7, Y7
	LEAQ    128(SI)(R10*1), AX
	MOVQ    DX, R12
	MOVQ    R14, R11
	CMPQ    R11, $4
	JLT     tk2one

tk2loop4:
	// Set s += x[i+s] * w[i+s, strip], s = 0..3.
	VBROADCASTSS 0(R12), Y15
	VFMADD231PS -128(AX), Y15, Y0
	VFMADD231PS (AX)(R9*1), Y15, Y1
	ADDQ    R8, AX
	VBROADCASTSS 4(R12), Y14
	VFMADD231PS -128(AX), Y14, Y2
	VFMADD231PS (AX)(R9*1), Y14, Y3
	ADDQ    R8, AX
	VBROADCASTSS 8(R12), Y13
	VFMADD231PS -128(AX), Y13, Y4
	VFMADD231PS (AX)(R9*1), Y13, Y5
	ADDQ    R8, AX
	VBROADCASTSS 12(R12), Y12
	VFMADD231PS -128(AX), Y12, Y6
	VFMADD231PS (AX)(R9*1), Y12, Y7
	ADDQ    R8, AX
	ADDQ    $16, R12
	SUBQ    $4, R11
	CMPQ    R11, $4
	JGE     tk2loop4

tk2one:
	// The last rows mod 4, one at a time into set 0.
	TESTQ   R11, R11
	JZ      tk2sum

tk2loop:
	// Y0..Y1 += x[i] * w[i, strip] for each row i of the block.
	VBROADCASTSS (R12), Y15
	VFMADD231PS -128(AX), Y15, Y0
	VFMADD231PS (AX)(R9*1), Y15, Y1
	ADDQ    R8, AX
	ADDQ    $4, R12
	DECQ    R11
	JNZ     tk2loop

tk2sum:
	// Set 0 += the other sets (pairwise tree).
	VADDPS  Y2, Y0, Y0
	VADDPS  Y3, Y1, Y1
	VADDPS  Y6, Y4, Y4
	VADDPS  Y7, Y5, Y5
	VADDPS  Y4, Y0, Y0
	VADDPS  Y5, Y1, Y1
	// Store the strip, its last (possibly overlapping) vector last.
	LEAQ    128(DI)(R10*1), R12
	VMOVUPS Y0, -128(R12)
	VMOVUPS Y1, (R12)(R9*1)
	JMP     tnext

tk1:
	// 1 accumulators per set, 8 sets (rows i mod 8) so that 8 FMA
	// chains hide the latency; set 0 starts from y (R13 != 0) or zero.
	LEAQ    128(DI)(R10*1), R12
	TESTQ   R13, R13
	JZ      tk1zero
	VMOVUPS (R12)(R9*1), Y0
	JMP     tk1rows

tk1zero:
	VXORPS  Y0, Y0, Y0

tk1rows:
	VXORPS  Y1, Y1, Y1
	VXORPS  Y2, Y2, Y2
	VXORPS  Y3, Y3, Y3
	VXORPS  Y4, Y4, Y4
	VXORPS  Y5, Y5, Y5
	VXORPS  Y6, Y6, Y6
	VXORPS  Y7, Y7, Y7
	LEAQ    128(SI)(R10*1), AX
	MOVQ    DX, R12
	MOVQ    R14, R11
	CMPQ    R11, $8
	JLT     tk1one

tk1loop8:
	// Set s += x[i+s] * w[i+s, strip], s = 0..7.
	VBROADCASTSS 0(R12), Y15
	VFMADD231PS (AX)(R9*1), Y15, Y0
	ADDQ    R8, AX
	VBROADCASTSS 4(R12), Y14
	VFMADD231PS (AX)(R9*1), Y14, Y1
	ADDQ    R8, AX
	VBROADCASTSS 8(R12), Y13
	VFMADD231PS (AX)(R9*1), Y13, Y2
	ADDQ    R8, AX
	VBROADCASTSS 12(R12), Y12
	VFMADD231PS (AX)(R9*1), Y12, Y3
	ADDQ    R8, AX
	VBROADCASTSS 16(R12), Y11
	VFMADD231PS (AX)(R9*1), Y11, Y4
	ADDQ    R8, AX
	VBROADCASTSS 20(R12), Y10
	VFMADD231PS (AX)(R9*1), Y10, Y5
	ADDQ    R8, AX
	VBROADCASTSS 24(R12), Y9
	VFMADD231PS (AX)(R9*1), Y9, Y6
	ADDQ    R8, AX
	VBROADCASTSS 28(R12), Y8
	VFMADD231PS (AX)(R9*1), Y8, Y7
	ADDQ    R8, AX
	ADDQ    $32, R12
	SUBQ    $8, R11
	CMPQ    R11, $8
	JGE     tk1loop8

tk1one:
	// The last rows mod 8, one at a time into set 0.
	TESTQ   R11, R11
	JZ      tk1sum

tk1loop:
	// Y0..Y0 += x[i] * w[i, strip] for each row i of the block.
	VBROADCASTSS (R12), Y15
	VFMADD231PS (AX)(R9*1), Y15, Y0
	ADDQ    R8, AX
	ADDQ    $4, R12
	DECQ    R11
	JNZ     tk1loop

tk1sum:
	// Set 0 += the other sets (pairwise tree).
	VADDPS  Y1, Y0, Y0
	VADDPS  Y3, Y2, Y2
	VADDPS  Y5, Y4, Y4
	VADDPS  Y7, Y6, Y6
	VADDPS  Y2, Y0, Y0
	VADDPS  Y6, Y4, Y4
	VADDPS  Y4, Y0, Y0
	// Store the strip, its last (possibly overlapping) vector last.
	LEAQ    128(DI)(R10*1), R12
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
	// n < 8: one masked vector (Y14 = mask of n lanes) for all rows, with
	// rows i mod 4 in Y0..Y3 (four FMA chains); Y0 starts from y or zero.
	MOVQ       CX, AX
	SHLQ       $2, AX
	LEAQ       ·tailMask+32(SB), R10
	SUBQ       AX, R10
	VMOVDQU    (R10), Y14
	LEAQ       (R8)(R8*2), R9
	VXORPS     Y0, Y0, Y0
	VXORPS     Y1, Y1, Y1
	VXORPS     Y2, Y2, Y2
	VXORPS     Y3, Y3, Y3
	TESTQ      R13, R13
	JZ         tsrows
	VMASKMOVPS (DI), Y14, Y0

tsrows:
	CMPQ       BX, $4
	JLT        tsone

tsloop4:
	// Y(s) += x[i+s] * w[i+s, 0:n], s = 0..3.
	VBROADCASTSS (DX), Y15
	VMASKMOVPS   (SI), Y14, Y4
	VFMADD231PS  Y4, Y15, Y0
	VBROADCASTSS 4(DX), Y13
	VMASKMOVPS   (SI)(R8*1), Y14, Y5
	VFMADD231PS  Y5, Y13, Y1
	VBROADCASTSS 8(DX), Y12
	VMASKMOVPS   (SI)(R8*2), Y14, Y6
	VFMADD231PS  Y6, Y12, Y2
	VBROADCASTSS 12(DX), Y11
	VMASKMOVPS   (SI)(R9*1), Y14, Y7
	VFMADD231PS  Y7, Y11, Y3
	LEAQ         (SI)(R8*4), SI
	ADDQ         $16, DX
	SUBQ         $4, BX
	CMPQ         BX, $4
	JGE          tsloop4

tsone:
	// The last rows mod 4 into Y0.
	TESTQ        BX, BX
	JZ           tssum

tsloop:
	// Y0 += x[i] * w[i, 0:n].
	VBROADCASTSS (DX), Y15
	VMASKMOVPS   (SI), Y14, Y4
	VFMADD231PS  Y4, Y15, Y0
	ADDQ         R8, SI
	ADDQ         $4, DX
	DECQ         BX
	JNZ          tsloop

tssum:
	// y[0:n] = (Y0+Y1) + (Y2+Y3), masked.
	VADDPS       Y1, Y0, Y0
	VADDPS       Y3, Y2, Y2
	VADDPS       Y2, Y0, Y0
	VMASKMOVPS   Y0, Y14, (DI)
	VZEROUPPER
	RET
