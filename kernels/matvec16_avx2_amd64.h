// Body of the avx2 16-bit matrix-vector kernels, included once per weight
// format by matvec16_avx2_amd64.s after the arguments are loaded. The
// includer defines:
//
//	CVT8(m, Y)           Y = the eight 16-bit weights at m, as float32
//	CVT1(m, X)           X[0] = the 16-bit weight at m, as float32 (uses R14)
//	X16                  Y8, Y9 = x[j:j+16] (at R12), in the lane order
//	                     ROW16 needs (uses Y10, Y11)
//	ROW16(m, m16, A, B)  A, B += the 16 weights at m (m16 = m+16 bytes),
//	                     as float32, times Y8, Y9 (uses Y10, Y11)
//
// Registers: DI y, BX rows left, SI row 0 of the current block, DX x,
// CX n, R13 add, R8 row stride in bytes (2n), R9 3*stride, R10 column
// pointer into the block's row 0, R11 the next block's row 0 (for the
// prefetches; in the tail, its first column n-8 in row 0), R12 column pointer into x, AX columns left, Y15 mask of the last
// n%8 lanes, Y14 x[n-8:n] under that mask.

	LEAQ (CX)(CX*1), R8
	LEAQ (R8)(R8*2), R9
	CMPQ CX, $8
	JLT  narrow

	// The last r = n%8 columns are taken as one step over columns n-8..n-1
	// (which exist, n >= 8) with the first 8-r lanes of both w and x zeroed:
	// Y15 = lanes 8-r..7 set (the complement of tailMask[r:r+8]).
	MOVQ     CX, AX
	ANDQ     $7, AX
	LEAQ     ·tailMask(SB), R10
	VMOVDQU  (R10)(AX*4), Y15
	VPCMPEQD Y14, Y14, Y14
	VPXOR    Y14, Y15, Y15
	VANDPS   -32(DX)(CX*4), Y15, Y14

rows4:
	// Four rows at a time, two 8-lane accumulators per row: Y0/Y1 row 0,
	// Y2/Y3 row 1, Y4/Y5 row 2, Y6/Y7 row 3.
	CMPQ   BX, $4
	JLT    rows1
	MOVQ   SI, R10
	MOVQ   DX, R12
	MOVQ   CX, AX
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	SUBQ   $16, AX
	JLT    r4one

	// Prefetching pays only from L3 (it costs 13% at 256 x 256, in L2):
	// from 2^17 weights per call on (the wrappers' row blocks hold at most
	// 2^18).
	CMPQ w_len+32(FP), $0x20000
	JGE  r4loopPF

r4loop:
	// 16 columns: x[j:j+16] in Y8/Y9 (as the includer's X16 arranges
	// them), each row's weights converted by ROW16 into its two
	// accumulators.
	X16
	ROW16(0(R10), 16(R10), Y0, Y1)
	ROW16(0(R10)(R8*1), 16(R10)(R8*1), Y2, Y3)
	ROW16(0(R10)(R8*2), 16(R10)(R8*2), Y4, Y5)
	ROW16(0(R10)(R9*1), 16(R10)(R9*1), Y6, Y7)
	ADDQ $32, R10
	ADDQ $64, R12
	SUBQ $16, AX
	JGE  r4loop
	JMP  r4one

r4loopPF:
	// r4loop, prefetching the same 32 bytes of the next block's four rows
	// (R11).
	LEAQ       (R10)(R8*4), R11
	PREFETCHT0 (R11)
	PREFETCHT0 (R11)(R8*1)
	PREFETCHT0 (R11)(R8*2)
	PREFETCHT0 (R11)(R9*1)
	X16
	ROW16(0(R10), 16(R10), Y0, Y1)
	ROW16(0(R10)(R8*1), 16(R10)(R8*1), Y2, Y3)
	ROW16(0(R10)(R8*2), 16(R10)(R8*2), Y4, Y5)
	ROW16(0(R10)(R9*1), 16(R10)(R9*1), Y6, Y7)
	ADDQ $32, R10
	ADDQ $64, R12
	SUBQ $16, AX
	JGE  r4loopPF

r4one:
	// 8 more columns if at least 8 are left.
	ADDQ        $16, AX
	CMPQ        AX, $8
	JLT         r4tail
	VMOVUPS     (R12), Y8
	CVT8(0(R10), Y10)
	CVT8(0(R10)(R8*1), Y11)
	VFMADD231PS Y10, Y8, Y0
	VFMADD231PS Y11, Y8, Y2
	CVT8(0(R10)(R8*2), Y12)
	CVT8(0(R10)(R9*1), Y13)
	VFMADD231PS Y12, Y8, Y4
	VFMADD231PS Y13, Y8, Y6
	ADDQ        $16, R10
	ADDQ        $32, R12
	SUBQ        $8, AX

r4tail:
	// The last AX = n%8 columns: columns n-8..n-1 of each row, masked.
	TESTQ       AX, AX
	JZ          r4sum
	LEAQ        -16(R10)(AX*2), R11
	CVT8(0(R11), Y10)
	CVT8(0(R11)(R8*1), Y11)
	VANDPS      Y15, Y10, Y10
	VANDPS      Y15, Y11, Y11
	VFMADD231PS Y10, Y14, Y1
	VFMADD231PS Y11, Y14, Y3
	CVT8(0(R11)(R8*2), Y12)
	CVT8(0(R11)(R9*1), Y13)
	VANDPS      Y15, Y12, Y12
	VANDPS      Y15, Y13, Y13
	VFMADD231PS Y12, Y14, Y5
	VFMADD231PS Y13, Y14, Y7

r4sum:
	// X0 = the four row sums, in row order.
	VADDPS       Y1, Y0, Y0
	VADDPS       Y3, Y2, Y2
	VADDPS       Y5, Y4, Y4
	VADDPS       Y7, Y6, Y6
	VHADDPS      Y2, Y0, Y0
	VHADDPS      Y6, Y4, Y4
	VHADDPS      Y4, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPS       X1, X0, X0
	TESTQ        R13, R13
	JZ           r4store
	VADDPS       (DI), X0, X0

r4store:
	VMOVUPS X0, (DI)
	ADDQ    $16, DI
	LEAQ    (SI)(R8*4), SI
	SUBQ    $4, BX
	JMP     rows4

rows1:
	// The last rows mod 4, one at a time, into Y0/Y1.
	TESTQ  BX, BX
	JZ     done
	MOVQ   SI, R10
	MOVQ   DX, R12
	MOVQ   CX, AX
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	SUBQ   $16, AX
	JLT    r1one

r1loop:
	CVT8(0(R10), Y10)
	CVT8(16(R10), Y11)
	VFMADD231PS (R12), Y10, Y0
	VFMADD231PS 32(R12), Y11, Y1
	ADDQ        $32, R10
	ADDQ        $64, R12
	SUBQ        $16, AX
	JGE         r1loop

r1one:
	ADDQ        $16, AX
	CMPQ        AX, $8
	JLT         r1tail
	CVT8(0(R10), Y10)
	VFMADD231PS (R12), Y10, Y0
	ADDQ        $16, R10
	ADDQ        $32, R12
	SUBQ        $8, AX

r1tail:
	TESTQ       AX, AX
	JZ          r1sum
	CVT8(-16(R10)(AX*2), Y10)
	VANDPS      Y15, Y10, Y10
	VFMADD231PS Y10, Y14, Y1

r1sum:
	VADDPS       Y1, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPS       X1, X0, X0
	VHADDPS      X0, X0, X0
	VHADDPS      X0, X0, X0
	TESTQ        R13, R13
	JZ           r1store
	VADDSS       (DI), X0, X0

r1store:
	VMOVSS X0, (DI)
	ADDQ   $4, DI
	ADDQ   R8, SI
	DECQ   BX
	JMP    rows1

narrow:
	// n < 8: one row at a time, one column at a time.
	MOVQ   SI, R10
	MOVQ   DX, R12
	MOVQ   CX, AX
	VXORPS X0, X0, X0

nloop:
	CVT1(0(R10), X1)
	VFMADD231SS (R12), X1, X0
	ADDQ        $2, R10
	ADDQ        $4, R12
	DECQ        AX
	JNZ         nloop
	TESTQ       R13, R13
	JZ          nstore
	VADDSS      (DI), X0, X0

nstore:
	VMOVSS X0, (DI)
	ADDQ   $4, DI
	ADDQ   R8, SI
	DECQ   BX
	JNZ    narrow

done:
	VZEROUPPER
	RET
