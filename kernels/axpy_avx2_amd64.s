//go:build amd64 && !purego && !noasm

#include "textflag.h"

// func axpyAVX2(alpha float32, x, y []float32)
TEXT ·axpyAVX2(SB), NOSPLIT, $0-56
	MOVQ         x_base+8(FP), SI
	MOVQ         x_len+16(FP), CX
	MOVQ         y_base+32(FP), DI
	VBROADCASTSS alpha+0(FP), Y0
	CMPQ         CX, $8
	JLT          small

	// Y15 = y[n-8:n] + alpha*x[n-8:n] from the original y, stored last.
	VMOVUPS     -32(DI)(CX*4), Y15
	VFMADD231PS -32(SI)(CX*4), Y0, Y15
	MOVQ        DI, R8
	XORQ        DX, DX
	CMPQ        CX, $32
	JLT         loop8

	// n >= 32 and y not 32-byte aligned: Y14 = y[0:8] + alpha*x[0:8] from
	// the original y, stored last; the loops start at the k < 8 elements
	// (DX = 4k bytes) that bring y to a 32-byte boundary, so that no store
	// splits a cache line.
	MOVQ        DI, DX
	NEGQ        DX
	ANDQ        $31, DX
	JZ          loop32
	VMOVUPS     (DI), Y14
	VFMADD231PS (SI), Y0, Y14
	ADDQ        DX, SI
	ADDQ        DX, DI
	SHRQ        $2, DX
	SUBQ        DX, CX
	CMPQ        CX, $32
	JLT         loop8

loop32:
	// y[i:i+32] += alpha * x[i:i+32]
	VMOVUPS     (DI), Y1
	VMOVUPS     32(DI), Y2
	VMOVUPS     64(DI), Y3
	VMOVUPS     96(DI), Y4
	VFMADD231PS (SI), Y0, Y1
	VFMADD231PS 32(SI), Y0, Y2
	VFMADD231PS 64(SI), Y0, Y3
	VFMADD231PS 96(SI), Y0, Y4
	VMOVUPS     Y1, (DI)
	VMOVUPS     Y2, 32(DI)
	VMOVUPS     Y3, 64(DI)
	VMOVUPS     Y4, 96(DI)
	ADDQ        $128, SI
	ADDQ        $128, DI
	SUBQ        $32, CX
	CMPQ        CX, $32
	JGE         loop32

loop8:
	// y[i:i+8] += alpha * x[i:i+8]
	CMPQ        CX, $8
	JLT         last
	VMOVUPS     (DI), Y1
	VFMADD231PS (SI), Y0, Y1
	VMOVUPS     Y1, (DI)
	ADDQ        $32, SI
	ADDQ        $32, DI
	SUBQ        $8, CX
	JMP         loop8

last:
	// y[n-8:n] = Y15 (CX < 8 elements remain after DI); y[0:8] = Y14 if
	// the loops started past y[0] (DX != 0)
	VMOVUPS Y15, -32(DI)(CX*4)
	TESTQ   DX, DX
	JZ      done
	VMOVUPS Y14, (R8)
	VZEROUPPER
	RET

small:
	// n < 8: masked load, FMA and masked store of the first n elements.
	TESTQ       CX, CX
	JZ          done
	LEAQ        ·tailMask+32(SB), AX
	SHLQ        $2, CX
	SUBQ        CX, AX
	VMOVDQU     (AX), Y8
	VMASKMOVPS  (DI), Y8, Y1
	VMASKMOVPS  (SI), Y8, Y2
	VFMADD231PS Y2, Y0, Y1
	VMASKMOVPS  Y1, Y8, (DI)

done:
	VZEROUPPER
	RET
