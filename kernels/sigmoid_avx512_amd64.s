//go:build amd64 && !purego && !noasm

#include "textflag.h"
#include "elem_avx512_amd64.h"

// func sigmoidAVX512(dst, src []float32)
TEXT ·sigmoidAVX512(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ src_base+24(FP), SI
	MOVQ src_len+32(FP), CX
	SIGMOIDCONSTS16
	CMPQ CX, $32
	JLT  one

loop2:
	// dst[i:i+32] = sigmoid(src[i:i+32]) while 32 or more remain
	VMOVUPS (SI), Z0
	VMOVUPS 64(SI), Z10
	SIGMOID16(Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7, Z8, K1)
	SIGMOID16(Z10, Z11, Z12, Z13, Z14, Z15, Z16, Z17, Z18, K2)
	VMOVUPS Z8, (DI)
	VMOVUPS Z18, 64(DI)
	ADDQ    $128, SI
	ADDQ    $128, DI
	SUBQ    $32, CX
	CMPQ    CX, $32
	JGE     loop2

one:
	// 16 at a time while 16 or more remain
	CMPQ    CX, $16
	JLT     tail
	VMOVUPS (SI), Z0
	SIGMOID16(Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7, Z8, K1)
	VMOVUPS Z8, (DI)
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
	SIGMOID16(Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7, Z8, K1)
	VMOVUPS   Z8, K3, (DI)

done:
	VZEROUPPER
	RET
