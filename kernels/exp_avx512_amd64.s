//go:build amd64 && !purego && !noasm

#include "textflag.h"
#include "elem_avx512_amd64.h"

// func expAVX512(dst, src []float32)
TEXT ·expAVX512(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ src_base+24(FP), SI
	MOVQ src_len+32(FP), CX
	EXPCONSTS16
	CMPQ CX, $64
	JLT  one

loop4:
	// dst[i:i+64] = exp(src[i:i+64]) while 64 or more remain
	VMOVUPS (SI), Z0
	VMOVUPS 64(SI), Z3
	VMOVUPS 128(SI), Z6
	VMOVUPS 192(SI), Z9
	EXP16X4(Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7, Z8, Z9, Z10, Z11)
	VMOVUPS Z2, (DI)
	VMOVUPS Z5, 64(DI)
	VMOVUPS Z8, 128(DI)
	VMOVUPS Z11, 192(DI)
	ADDQ    $256, SI
	ADDQ    $256, DI
	SUBQ    $64, CX
	CMPQ    CX, $64
	JGE     loop4

one:
	// 16 at a time while 16 or more remain
	CMPQ    CX, $16
	JLT     tail
	VMOVUPS (SI), Z0
	EXP16(Z0, Z1, Z2)
	VMOVUPS Z2, (DI)
	ADDQ    $64, SI
	ADDQ    $64, DI
	SUBQ    $16, CX
	JMP     one

tail:
	// the last n%16 elements: masked load and store
	TESTQ CX, CX
	JZ    done
	KMASK(K3)
	VMOVUPS.Z (SI), K3, Z0
	EXP16(Z0, Z1, Z2)
	VMOVUPS   Z2, K3, (DI)

done:
	VZEROUPPER
	RET
