//go:build amd64 && !purego && !noasm

#include "textflag.h"
#include "elem_avx512_amd64.h"

// func tanhAVX512(dst, src []float32)
TEXT ·tanhAVX512(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ src_base+24(FP), SI
	MOVQ src_len+32(FP), CX
	TANHCONSTS16
	CMPQ CX, $32
	JLT  one

loop2:
	// dst[i:i+32] = tanh(src[i:i+32]) while 32 or more remain
	VMOVUPS (SI), Z0
	VMOVUPS 64(SI), Z6
	TANH16X2(Z0, Z1, Z2, Z3, Z4, Z5, K1, Z6, Z7, Z8, Z9, Z10, Z11, K2)
	VMOVUPS Z4, (DI)
	VMOVUPS Z10, 64(DI)
	ADDQ    $128, SI
	ADDQ    $128, DI
	SUBQ    $32, CX
	CMPQ    CX, $32
	JGE     loop2

one:
	CMPQ CX, $16
	JLT  tail
	VMOVUPS (SI), Z0
	TANH16(Z0, Z1, Z2, Z3, Z4, Z5, K1)
	VMOVUPS Z4, (DI)
	ADDQ    $64, SI
	ADDQ    $64, DI
	SUBQ    $16, CX

tail:
	// the last n%16 elements: masked load and store
	TESTQ CX, CX
	JZ    done
	KMASK(K3)
	VMOVUPS.Z (SI), K3, Z0
	TANH16(Z0, Z1, Z2, Z3, Z4, Z5, K1)
	VMOVUPS   Z4, K3, (DI)

done:
	VZEROUPPER
	RET

// func tanhBackwardAVX512(dst, y, dy []float32)
TEXT ·tanhBackwardAVX512(SB), NOSPLIT, $0-72
	MOVQ         dst_base+0(FP), DI
	MOVQ         dst_len+8(FP), CX
	MOVQ         y_base+24(FP), SI
	MOVQ         dy_base+48(FP), DX
	VBROADCASTSS C512(17), Z15
	CMPQ         CX, $64
	JLT          one

loop4:
	// dst[i:i+64] = dy * (1 - y*y), 1 - y*y rounded once
	VMOVUPS      (SI), Z0
	VMOVUPS      64(SI), Z1
	VMOVUPS      128(SI), Z2
	VMOVUPS      192(SI), Z3
	VFNMADD213PS Z15, Z0, Z0
	VFNMADD213PS Z15, Z1, Z1
	VFNMADD213PS Z15, Z2, Z2
	VFNMADD213PS Z15, Z3, Z3
	VMULPS       (DX), Z0, Z0
	VMULPS       64(DX), Z1, Z1
	VMULPS       128(DX), Z2, Z2
	VMULPS       192(DX), Z3, Z3
	VMOVUPS      Z0, (DI)
	VMOVUPS      Z1, 64(DI)
	VMOVUPS      Z2, 128(DI)
	VMOVUPS      Z3, 192(DI)
	ADDQ         $256, SI
	ADDQ         $256, DX
	ADDQ         $256, DI
	SUBQ         $64, CX
	CMPQ         CX, $64
	JGE          loop4

one:
	// 16 at a time while 16 or more remain
	CMPQ         CX, $16
	JLT          tail
	VMOVUPS      (SI), Z0
	VFNMADD213PS Z15, Z0, Z0
	VMULPS       (DX), Z0, Z0
	VMOVUPS      Z0, (DI)
	ADDQ         $64, SI
	ADDQ         $64, DX
	ADDQ         $64, DI
	SUBQ         $16, CX
	JMP          one

tail:
	// the last n%16 elements: masked loads and store
	TESTQ        CX, CX
	JZ           done
	KMASK(K1)
	VMOVUPS.Z    (SI), K1, Z0
	VMOVUPS.Z    (DX), K1, Z1
	VFNMADD213PS Z15, Z0, Z0
	VMULPS       Z1, Z0, Z0
	VMOVUPS      Z0, K1, (DI)

done:
	VZEROUPPER
	RET
