//go:build amd64 && !purego && !noasm

#include "textflag.h"
#include "vec_avx512_amd64.h"

// CLIP16 sets z = min(max(x, -c), c) with -c in Z14 and c in Z15. x is the
// second source of both (Intel order), which they return when either source
// is NaN or the two are equal: NaN and x = ±c are kept as they are.
#define CLIP16(x, z) \
	VMAXPS x, Z14, z; \
	VMINPS z, Z15, z

// CLIP8 is CLIP16 on 8 lanes.
#define CLIP8(x, z) \
	VMAXPS x, Y14, z; \
	VMINPS z, Y15, z

// func clipAVX512(x []float32, c float32)
TEXT ·clipAVX512(SB), NOSPLIT, $0-28
	MOVQ         x_base+0(FP), DI
	MOVQ         x_len+8(FP), BX
	CMPQ         BX, $16
	JLE          short
	VBROADCASTSS c+24(FP), Z15
	VPXORD       Z14, Z14, Z14
	VSUBPS       Z15, Z14, Z14 // Z14 = -c

	// Z13 = x[n-16:n] clipped, stored last (R8 = &x[n-16]); for n < 128
	// with 1 <= n%16 <= 8, Y13 = x[n-8:n] clipped instead (R8 = &x[n-8],
	// R10 = 1), so that n = 16k+8 stores no element twice
	XORQ R9, R9
	XORQ R10, R10
	CMPQ BX, $128
	JGE  last16
	MOVQ BX, CX
	ANDQ $15, CX
	DECQ CX
	CMPQ CX, $8
	JCC  last16
	LEAQ -32(DI)(BX*4), R8
	CLIP8((R8), Y13)
	INCQ R10
	JMP  loop64

last16:
	LEAQ -64(DI)(BX*4), R8
	CLIP16((R8), Z13)
	CMPQ BX, $256
	JLT  loop64

	// n >= 256 and x not 64-byte aligned: Z12 = x[0:16] clipped, stored
	// last (R9 = &x[0]); the loops start at the k < 16 elements that bring
	// x to a 64-byte boundary, so that no store splits a cache line.
	MOVQ DI, CX
	NEGQ CX
	ANDQ $63, CX
	JZ   loop64
	CLIP16((DI), Z12)
	MOVQ DI, R9
	ADDQ CX, DI
	SHRQ $2, CX
	SUBQ CX, BX

	PCALIGN $64

loop64:
	// clip x[i:i+64] while 64 or more remain
	CMPQ    BX, $64
	JLT     loop16
	CLIP16((DI), Z1)
	CLIP16(64(DI), Z2)
	CLIP16(128(DI), Z3)
	CLIP16(192(DI), Z4)
	VMOVUPS Z1, (DI)
	VMOVUPS Z2, 64(DI)
	VMOVUPS Z3, 128(DI)
	VMOVUPS Z4, 192(DI)
	ADDQ    $256, DI
	SUBQ    $64, BX
	JMP     loop64

loop16:
	// clip x[i:i+16] while more than 16 remain (at most three
	// times: fewer than 64 remain)
	CMPQ    BX, $16
	JLE     last
	CLIP16((DI), Z1)
	VMOVUPS Z1, (DI)
	ADDQ    $64, DI
	SUBQ    $16, BX
	CMPQ    BX, $16
	JLE     last
	CLIP16((DI), Z1)
	VMOVUPS Z1, (DI)
	ADDQ    $64, DI
	SUBQ    $16, BX
	CMPQ    BX, $16
	JLE     last
	CLIP16((DI), Z1)
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
	// n <= 16: 256-bit vectors only (a 512-bit operation here measured
	// 1-1.5 ns slower per call)
	VBROADCASTSS c+24(FP), Y15
	VXORPS       Y14, Y14, Y14
	VSUBPS       Y15, Y14, Y14 // Y14 = -c

	// 8 <= n <= 16: x[0:8] and x[n-8:n], both loaded before either is stored
	CMPQ    BX, $8
	JLT     tiny
	CLIP8((DI), Y1)
	CLIP8(-32(DI)(BX*4), Y2)
	VMOVUPS Y1, (DI)
	VMOVUPS Y2, -32(DI)(BX*4)
	VZEROUPPER
	RET

tiny:
	// n < 8: masked
	MOVQ      BX, CX
	KMASK(K1)
	VMOVUPS.Z (DI), K1, Y1
	CLIP8(Y1, Y1)
	VMOVUPS   Y1, K1, (DI)
	VZEROUPPER
	RET
