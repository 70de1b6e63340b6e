// Body of the avx512 16-bit matrix-vector kernels, included once per weight
// format by matvec16_avx512_amd64.s after the arguments are loaded. The
// includer defines
//
//	CVT16(s, Z)          Z = the sixteen 16-bit weights in s (a 256-bit
//	                     memory operand or Y register), as float32
//	X32                  Z8, Z9 = x[j:j+32], in the lane order ROW32 needs
//	ROW32(m, m32, A, B)  A, B += the 32 weights at m (m32 = m+32 bytes),
//	                     as float32, times Z8, Z9 (uses Z10..Z13)
//
// Registers: DI y, BX rows left, SI row 0 of the current block, DX x,
// CX n, R13 add, R8 row stride in bytes (2n), R9 3*stride, R10 column
// pointer into the block's row 0, R14 the same in the next block (for the
// prefetches), R12 column pointer into x, AX columns left, K1 mask of the
// last n%16 columns.

	LEAQ  (CX)(CX*1), R8
	LEAQ  (R8)(R8*2), R9
	// K1 = (1 << n%16) - 1 (CL holds the shift count, n is kept in R11).
	MOVQ  CX, R11
	ANDQ  $15, CX
	MOVL  $1, R10
	SHLL  CX, R10
	DECL  R10
	KMOVW R10, K1
	MOVQ  R11, CX

rows4:
	// Four rows at a time, two 16-lane accumulators per row: Z0/Z1 row 0,
	// Z2/Z3 row 1, Z4/Z5 row 2, Z6/Z7 row 3.
	CMPQ   BX, $4
	JLT    rows1
	MOVQ   SI, R10
	MOVQ   DX, R12
	MOVQ   CX, AX
	VXORPS Z0, Z0, Z0
	VXORPS Z1, Z1, Z1
	VXORPS Z2, Z2, Z2
	VXORPS Z3, Z3, Z3
	VXORPS Z4, Z4, Z4
	VXORPS Z5, Z5, Z5
	VXORPS Z6, Z6, Z6
	VXORPS Z7, Z7, Z7
	SUBQ   $32, AX
	JLT    r4one

	// Prefetching pays only from L3 (as in the avx2 kernels): from 2^17
	// weights per call on (the wrappers' row blocks hold at most 2^18).
	CMPQ w_len+32(FP), $0x20000
	JGE  r4loopPF

r4loop:
	// 32 columns: x[j:j+32] in Z8/Z9 (as the includer's X32 arranges
	// them), each row's weights converted by ROW32 into the row's two
	// accumulators.
	X32
	ROW32(0(R10), 32(R10), Z0, Z1)
	ROW32(0(R10)(R8*1), 32(R10)(R8*1), Z2, Z3)
	ROW32(0(R10)(R8*2), 32(R10)(R8*2), Z4, Z5)
	ROW32(0(R10)(R9*1), 32(R10)(R9*1), Z6, Z7)
	ADDQ $64, R10
	ADDQ $128, R12
	SUBQ $32, AX
	JGE  r4loop
	JMP  r4one

r4loopPF:
	// r4loop, prefetching the same 64 bytes of the next block's four rows
	// (R14).
	LEAQ       (R10)(R8*4), R14
	PREFETCHT0 (R14)
	PREFETCHT0 (R14)(R8*1)
	PREFETCHT0 (R14)(R8*2)
	PREFETCHT0 (R14)(R9*1)
	X32
	ROW32(0(R10), 32(R10), Z0, Z1)
	ROW32(0(R10)(R8*1), 32(R10)(R8*1), Z2, Z3)
	ROW32(0(R10)(R8*2), 32(R10)(R8*2), Z4, Z5)
	ROW32(0(R10)(R9*1), 32(R10)(R9*1), Z6, Z7)
	ADDQ $64, R10
	ADDQ $128, R12
	SUBQ $32, AX
	JGE  r4loopPF

r4one:
	// 16 more columns if at least 16 are left.
	ADDQ        $32, AX
	CMPQ        AX, $16
	JLT         r4tail
	VMOVUPS     (R12), Z8
	CVT16(0(R10), Z10)
	CVT16(0(R10)(R8*1), Z11)
	VFMADD231PS Z10, Z8, Z0
	VFMADD231PS Z11, Z8, Z2
	CVT16(0(R10)(R8*2), Z12)
	CVT16(0(R10)(R9*1), Z13)
	VFMADD231PS Z12, Z8, Z4
	VFMADD231PS Z13, Z8, Z6
	ADDQ        $32, R10
	ADDQ        $64, R12
	SUBQ        $16, AX

r4tail:
	// The last AX = n%16 columns: masked loads (zero in the other lanes,
	// which are not read).
	TESTQ       AX, AX
	JZ          r4sum
	VMOVUPS.Z   (R12), K1, Z8
	VMOVDQU16.Z (R10), K1, Y10
	VMOVDQU16.Z (R10)(R8*1), K1, Y11
	VMOVDQU16.Z (R10)(R8*2), K1, Y12
	VMOVDQU16.Z (R10)(R9*1), K1, Y13
	CVT16(Y10, Z10)
	CVT16(Y11, Z11)
	CVT16(Y12, Z12)
	CVT16(Y13, Z13)
	VFMADD231PS Z10, Z8, Z1
	VFMADD231PS Z11, Z8, Z3
	VFMADD231PS Z12, Z8, Z5
	VFMADD231PS Z13, Z8, Z7

r4sum:
	// X0 = the four row sums, in row order.
	VADDPS        Z1, Z0, Z0
	VADDPS        Z3, Z2, Z2
	VADDPS        Z5, Z4, Z4
	VADDPS        Z7, Z6, Z6
	VEXTRACTF64X4 $1, Z0, Y1
	VEXTRACTF64X4 $1, Z2, Y3
	VEXTRACTF64X4 $1, Z4, Y5
	VEXTRACTF64X4 $1, Z6, Y7
	VADDPS        Y1, Y0, Y0
	VADDPS        Y3, Y2, Y2
	VADDPS        Y5, Y4, Y4
	VADDPS        Y7, Y6, Y6
	VHADDPS       Y2, Y0, Y0
	VHADDPS       Y6, Y4, Y4
	VHADDPS       Y4, Y0, Y0
	VEXTRACTF128  $1, Y0, X1
	VADDPS        X1, X0, X0
	TESTQ         R13, R13
	JZ            r4store
	VADDPS        (DI), X0, X0

r4store:
	VMOVUPS X0, (DI)
	ADDQ    $16, DI
	LEAQ    (SI)(R8*4), SI
	SUBQ    $4, BX
	JMP     rows4

rows1:
	// The last rows mod 4, one at a time, into Z0/Z1.
	TESTQ  BX, BX
	JZ     done
	MOVQ   SI, R10
	MOVQ   DX, R12
	MOVQ   CX, AX
	VXORPS Z0, Z0, Z0
	VXORPS Z1, Z1, Z1
	SUBQ   $32, AX
	JLT    r1one

r1loop:
	CVT16(0(R10), Z10)
	CVT16(32(R10), Z11)
	VFMADD231PS (R12), Z10, Z0
	VFMADD231PS 64(R12), Z11, Z1
	ADDQ        $64, R10
	ADDQ        $128, R12
	SUBQ        $32, AX
	JGE         r1loop

r1one:
	ADDQ        $32, AX
	CMPQ        AX, $16
	JLT         r1tail
	CVT16(0(R10), Z10)
	VFMADD231PS (R12), Z10, Z0
	ADDQ        $32, R10
	ADDQ        $64, R12
	SUBQ        $16, AX

r1tail:
	TESTQ       AX, AX
	JZ          r1sum
	VMOVUPS.Z   (R12), K1, Z8
	VMOVDQU16.Z (R10), K1, Y10
	CVT16(Y10, Z10)
	VFMADD231PS Z10, Z8, Z1

r1sum:
	VADDPS        Z1, Z0, Z0
	VEXTRACTF64X4 $1, Z0, Y1
	VADDPS        Y1, Y0, Y0
	VEXTRACTF128  $1, Y0, X1
	VADDPS        X1, X0, X0
	VHADDPS       X0, X0, X0
	VHADDPS       X0, X0, X0
	TESTQ         R13, R13
	JZ            r1store
	VADDSS        (DI), X0, X0

r1store:
	VMOVSS X0, (DI)
	ADDQ   $4, DI
	ADDQ   R8, SI
	DECQ   BX
	JMP    rows1

done:
	VZEROUPPER
	RET
