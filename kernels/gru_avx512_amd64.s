//go:build amd64 && !purego && !noasm

#include "textflag.h"
#include "elem_avx512_amd64.h"

// func gruForwardAVX512(r, z, n, hr, hz, hn, hPrev, h []float32)
TEXT ·gruForwardAVX512(SB), NOSPLIT, $0-192
	MOVQ  h_len+176(FP), CX
	XORQ  DX, DX
	TESTQ CX, CX
	JZ    done

loop:
	// K3 = the lanes of the next min(CX, 16) units
	MOVL  $0xffff, AX
	CMPQ  CX, $16
	JGE   full
	MOVL  $1, AX
	SHLL  CX, AX
	DECL  AX

full:
	KMOVW AX, K3

	// sixteen units: r, z in Z9, Z10, n = tanh(fma(r, hn, n)), h = fma(z, hPrev - n, n)
	SIGMOIDCONSTS16
	CLD16(r_base+0(FP), Z0)
	CLD16(hr_base+72(FP), Z1)
	VADDPS      Z1, Z0, Z0
	SIGMOID16(Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7, Z9, K1)
	CLD16(z_base+24(FP), Z0)
	CLD16(hz_base+96(FP), Z1)
	VADDPS      Z1, Z0, Z0
	SIGMOID16(Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7, Z10, K1)
	TANHCONSTS16
	CLD16(n_base+48(FP), Z11)
	CLD16(hn_base+120(FP), Z0)
	VFMADD231PS Z0, Z9, Z11
	TANH16(Z11, Z1, Z2, Z3, Z12, Z4, K2)
	CLD16(hPrev_base+144(FP), Z0)
	VSUBPS      Z12, Z0, Z0
	VFMADD213PS Z12, Z10, Z0
	CST16(Z9, r_base+0(FP))
	CST16(Z10, z_base+24(FP))
	CST16(Z12, n_base+48(FP))
	CST16(Z0, h_base+168(FP))
	ADDQ        $64, DX
	SUBQ        $16, CX
	JGT         loop
	VZEROUPPER

done:
	RET

// func gruBackwardAVX512(dr, dz, dn, dhn, dhPrev, r, z, n, hn, hPrev, dh []float32)
TEXT ·gruBackwardAVX512(SB), NOSPLIT, $0-264
	MOVQ         dh_len+248(FP), CX
	XORQ         DX, DX
	TESTQ        CX, CX
	JZ           done
	VBROADCASTSS C512(17), Z14

loop:
	// K3 = the lanes of the next min(CX, 16) units
	MOVL  $0xffff, AX
	CMPQ  CX, $16
	JGE   full
	MOVL  $1, AX
	SHLL  CX, AX
	DECL  AX

full:
	KMOVW AX, K3

	// sixteen units: every input loaded before any output is stored
	CLD16(r_base+120(FP), Z12)
	CLD16(z_base+144(FP), Z13)
	CLD16(n_base+168(FP), Z10)
	CLD16(hn_base+192(FP), Z11)
	CLD16(hPrev_base+216(FP), Z1)
	CLD16(dh_base+240(FP), Z0)
	VSUBPS       Z13, Z14, Z2 /* dn = (dh*(1-z)) * fma(-n, n, 1) */
	VMULPS       Z2, Z0, Z2
	VMOVAPS      Z14, Z3
	VFNMADD231PS Z10, Z10, Z3
	VMULPS       Z3, Z2, Z2
	VSUBPS       Z10, Z1, Z1 /* dz = (dh*(hPrev-n)) * fma(-z, z, z) */
	VMULPS       Z1, Z0, Z1
	VMOVAPS      Z13, Z4
	VFNMADD213PS Z13, Z13, Z4
	VMULPS       Z4, Z1, Z1
	VMULPS       Z11, Z2, Z5 /* dr = (dn*hn) * fma(-r, r, r) */
	VMOVAPS      Z12, Z6
	VFNMADD213PS Z12, Z12, Z6
	VMULPS       Z6, Z5, Z5
	VMULPS       Z12, Z2, Z6 /* dhn = dn*r, dhPrev = dh*z */
	VMULPS       Z13, Z0, Z7
	CST16(Z5, dr_base+0(FP))
	CST16(Z1, dz_base+24(FP))
	CST16(Z2, dn_base+48(FP))
	CST16(Z6, dhn_base+72(FP))
	CST16(Z7, dhPrev_base+96(FP))
	ADDQ         $64, DX
	SUBQ         $16, CX
	JGT          loop
	VZEROUPPER

done:
	RET
