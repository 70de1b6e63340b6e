//go:build amd64 && !purego && !noasm

#include "textflag.h"
#include "vec_avx512_amd64.h"

// func axpyAVX512(alpha float32, x, y []float32)
TEXT ·axpyAVX512(SB), NOSPLIT, $0-56
	MOVQ         x_base+8(FP), SI
	MOVQ         x_len+16(FP), BX
	MOVQ         y_base+32(FP), DI
	CMPQ         BX, $16
	JLT          short
	VBROADCASTSS alpha+0(FP), Z0

	// Z13 = y[n-16:n] + alpha*x[n-16:n] from the original y, stored last
	// (R8 = &y[n-16]); for n < 128 with 1 <= n%16 <= 8, Y13 = y[n-8:n] +
	// alpha*x[n-8:n] instead (R8 = &y[n-8], R10 = 1), so that n = 16k+8
	// stores no element twice
	XORQ        R9, R9
	XORQ        R10, R10
	CMPQ        BX, $128
	JGE         last16
	MOVQ        BX, CX
	ANDQ        $15, CX
	DECQ        CX
	CMPQ        CX, $8
	JCC         last16
	LEAQ        -32(DI)(BX*4), R8
	VMOVUPS     (R8), Y13
	VFMADD231PS -32(SI)(BX*4), Y0, Y13
	INCQ        R10
	JMP         loop64

last16:
	LEAQ        -64(DI)(BX*4), R8
	VMOVUPS     (R8), Z13
	VFMADD231PS -64(SI)(BX*4), Z0, Z13
	CMPQ        BX, $128
	JLT         loop64

	// n >= 128 and y not 64-byte aligned: Z12 = y[0:16] + alpha*x[0:16]
	// from the original y, stored last (R9 = &y[0]); the loops start at the
	// k < 16 elements that bring y to a 64-byte boundary, so that no store
	// splits a cache line.
	MOVQ        DI, CX
	NEGQ        CX
	ANDQ        $63, CX
	JZ          loop64
	VMOVUPS     (DI), Z12
	VFMADD231PS (SI), Z0, Z12
	MOVQ        DI, R9
	ADDQ        CX, SI
	ADDQ        CX, DI
	SHRQ        $2, CX
	SUBQ        CX, BX

	PCALIGN $64

loop64:
	// y[i:i+64] += alpha * x[i:i+64] while 64 or more remain
	CMPQ        BX, $64
	JLT         loop16
	VMOVUPS     (DI), Z1
	VMOVUPS     64(DI), Z2
	VMOVUPS     128(DI), Z3
	VMOVUPS     192(DI), Z4
	VFMADD231PS (SI), Z0, Z1
	VFMADD231PS 64(SI), Z0, Z2
	VFMADD231PS 128(SI), Z0, Z3
	VFMADD231PS 192(SI), Z0, Z4
	VMOVUPS     Z1, (DI)
	VMOVUPS     Z2, 64(DI)
	VMOVUPS     Z3, 128(DI)
	VMOVUPS     Z4, 192(DI)
	ADDQ        $256, SI
	ADDQ        $256, DI
	SUBQ        $64, BX
	JMP         loop64

loop16:
	// y[i:i+16] += alpha * x[i:i+16] while more than 16 remain (at most three
	// times: fewer than 64 remain)
	CMPQ        BX, $16
	JLE         last
	VMOVUPS     (DI), Z1
	VFMADD231PS (SI), Z0, Z1
	VMOVUPS     Z1, (DI)
	ADDQ        $64, SI
	ADDQ        $64, DI
	SUBQ        $16, BX
	CMPQ        BX, $16
	JLE         last
	VMOVUPS     (DI), Z1
	VFMADD231PS (SI), Z0, Z1
	VMOVUPS     Z1, (DI)
	ADDQ        $64, SI
	ADDQ        $64, DI
	SUBQ        $16, BX
	CMPQ        BX, $16
	JLE         last
	VMOVUPS     (DI), Z1
	VFMADD231PS (SI), Z0, Z1
	VMOVUPS     Z1, (DI)
	ADDQ        $64, SI
	ADDQ        $64, DI
	SUBQ        $16, BX

last:
	// the last 16 (or 8) elements, and the first 16 if the loops started
	// past them
	TESTQ   R10, R10
	JNZ     last8
	VMOVUPS Z13, (R8)
	TESTQ   R9, R9
	JZ      done
	VMOVUPS Z12, (R9)

done:
	VZEROUPPER
	RET

last8:
	VMOVUPS Y13, (R8)
	VZEROUPPER
	RET

short:
	// n < 16: 256-bit vectors only (a 512-bit operation here measured
	// 1-1.5 ns slower per call)
	VBROADCASTSS alpha+0(FP), Y0

	// 8 <= n < 16: y[0:8] and y[n-8:n], both computed before either is stored
	CMPQ        BX, $8
	JLT         tiny
	VMOVUPS     (DI), Y1
	VMOVUPS     -32(DI)(BX*4), Y2
	VFMADD231PS (SI), Y0, Y1
	VFMADD231PS -32(SI)(BX*4), Y0, Y2
	VMOVUPS     Y1, (DI)
	VMOVUPS     Y2, -32(DI)(BX*4)
	VZEROUPPER
	RET

tiny:
	// n < 8: masked
	MOVQ        BX, CX
	KMASK(K1)
	VMOVUPS.Z   (DI), K1, Y1
	VFMADD231PS (SI), Y0, K1, Y1
	VMOVUPS     Y1, K1, (DI)
	VZEROUPPER
	RET
