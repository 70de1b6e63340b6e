//go:build amd64 && !purego && !noasm

#include "textflag.h"
#include "vec_avx512_amd64.h"

// func scaleAVX512(alpha float32, x []float32)
TEXT ·scaleAVX512(SB), NOSPLIT, $0-32
	MOVQ         x_base+8(FP), DI
	MOVQ         x_len+16(FP), BX
	CMPQ         BX, $16
	JLT          short
	VBROADCASTSS alpha+0(FP), Z0

	// Z13 = alpha * x[n-16:n] from the original x, stored last
	// (R8 = &x[n-16]); for n < 128 with 1 <= n%16 <= 8, Y13 = alpha *
	// x[n-8:n] instead (R8 = &x[n-8], R10 = 1), so that n = 16k+8 stores no
	// element twice
	XORQ   R9, R9
	XORQ   R10, R10
	CMPQ   BX, $128
	JGE    last16
	MOVQ   BX, CX
	ANDQ   $15, CX
	DECQ   CX
	CMPQ   CX, $8
	JCC    last16
	LEAQ   -32(DI)(BX*4), R8
	VMULPS (R8), Y0, Y13
	INCQ   R10
	JMP    loop64

last16:
	LEAQ   -64(DI)(BX*4), R8
	VMULPS (R8), Z0, Z13
	CMPQ   BX, $256
	JLT    loop64

	// n >= 256 and x not 64-byte aligned: Z12 = alpha * x[0:16] from the
	// original x, stored last (R9 = &x[0]); the loops start at the k < 16
	// elements that bring x to a 64-byte boundary, so that no store splits
	// a cache line.
	MOVQ   DI, CX
	NEGQ   CX
	ANDQ   $63, CX
	JZ     loop64
	VMULPS (DI), Z0, Z12
	MOVQ   DI, R9
	ADDQ   CX, DI
	SHRQ   $2, CX
	SUBQ   CX, BX

	PCALIGN $64

loop64:
	// x[i:i+64] *= alpha while 64 or more remain
	CMPQ    BX, $64
	JLT     loop16
	VMULPS  (DI), Z0, Z1
	VMULPS  64(DI), Z0, Z2
	VMULPS  128(DI), Z0, Z3
	VMULPS  192(DI), Z0, Z4
	VMOVUPS Z1, (DI)
	VMOVUPS Z2, 64(DI)
	VMOVUPS Z3, 128(DI)
	VMOVUPS Z4, 192(DI)
	ADDQ    $256, DI
	SUBQ    $64, BX
	JMP     loop64

loop16:
	// x[i:i+16] *= alpha while more than 16 remain (at most three
	// times: fewer than 64 remain)
	CMPQ    BX, $16
	JLE     last
	VMULPS  (DI), Z0, Z1
	VMOVUPS Z1, (DI)
	ADDQ    $64, DI
	SUBQ    $16, BX
	CMPQ    BX, $16
	JLE     last
	VMULPS  (DI), Z0, Z1
	VMOVUPS Z1, (DI)
	ADDQ    $64, DI
	SUBQ    $16, BX
	CMPQ    BX, $16
	JLE     last
	VMULPS  (DI), Z0, Z1
	VMOVUPS Z1, (DI)
	ADDQ    $64, DI
	SUBQ    $16, BX

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

	// 8 <= n < 16: x[0:8] and x[n-8:n], both computed before either is stored
	CMPQ    BX, $8
	JLT     tiny
	VMULPS  (DI), Y0, Y1
	VMULPS  -32(DI)(BX*4), Y0, Y2
	VMOVUPS Y1, (DI)
	VMOVUPS Y2, -32(DI)(BX*4)
	VZEROUPPER
	RET

tiny:
	// n < 8: masked
	MOVQ    BX, CX
	KMASK(K1)
	VMULPS  (DI), Y0, K1, Y1
	VMOVUPS Y1, K1, (DI)
	VZEROUPPER
	RET
