//go:build amd64 && !purego && !noasm

#include "textflag.h"
#include "elem_avx512_amd64.h"

// func lstmForwardAVX512(i, f, g, o, cPrev, c, h []float32)
TEXT ·lstmForwardAVX512(SB), NOSPLIT, $0-168
	MOVQ  c_len+128(FP), CX
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

	// sixteen units: i, f, o in Z9, Z10, Z11, then g, c = fma(f, cPrev, i*g), h = o*tanh(c)
	SIGMOIDCONSTS16
	CLD16(i_base+0(FP), Z0)
	SIGMOID16(Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7, Z9, K1)
	CST16(Z9, i_base+0(FP))
	CLD16(f_base+24(FP), Z0)
	SIGMOID16(Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7, Z10, K1)
	CST16(Z10, f_base+24(FP))
	CLD16(o_base+72(FP), Z0)
	SIGMOID16(Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7, Z11, K1)
	CST16(Z11, o_base+72(FP))
	TANHCONSTS16
	CLD16(g_base+48(FP), Z0)
	TANH16(Z0, Z1, Z2, Z3, Z12, Z4, K2)
	CST16(Z12, g_base+48(FP))
	VMULPS      Z12, Z9, Z9
	CLD16(cPrev_base+96(FP), Z0)
	VFMADD231PS Z0, Z10, Z9
	CST16(Z9, c_base+120(FP))
	TANH16(Z9, Z1, Z2, Z3, Z13, Z4, K2)
	VMULPS      Z13, Z11, Z13
	CST16(Z13, h_base+144(FP))
	ADDQ        $64, DX
	SUBQ        $16, CX
	JGT         loop
	VZEROUPPER

done:
	RET

// func lstmBackwardAVX512(di, df, dg, do, i, f, g, o, cPrev, c, dh, dc []float32)
TEXT ·lstmBackwardAVX512(SB), NOSPLIT, $0-288
	MOVQ  c_len+224(FP), CX
	XORQ  DX, DX
	TESTQ CX, CX
	JZ    done
	TANHCONSTS16

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
	CLD16(c_base+216(FP), Z0)
	TANH16(Z0, Z1, Z2, Z3, Z5, Z4, K2)
	CLD16(dh_base+240(FP), Z6)
	CLD16(o_base+168(FP), Z7)
	CLD16(dc_base+264(FP), Z8)
	VMOVAPS      Z14, Z1 /* dct = fma(dh*o, fma(-t, t, 1), dc) */
	VFNMADD231PS Z5, Z5, Z1
	VMULPS       Z7, Z6, Z2
	VFMADD213PS  Z8, Z1, Z2
	VMULPS       Z5, Z6, Z3 /* do = (dh*t) * fma(-o, o, o) */
	VMOVAPS      Z7, Z4
	VFNMADD213PS Z7, Z7, Z4
	VMULPS       Z4, Z3, Z3
	CLD16(i_base+96(FP), Z6)
	CLD16(f_base+120(FP), Z7)
	CLD16(g_base+144(FP), Z8)
	CLD16(cPrev_base+192(FP), Z0)
	VMULPS       Z8, Z2, Z1 /* di = (dct*g) * fma(-i, i, i) */
	VMOVAPS      Z6, Z4
	VFNMADD213PS Z6, Z6, Z4
	VMULPS       Z4, Z1, Z1
	VMULPS       Z0, Z2, Z9 /* df = (dct*cPrev) * fma(-f, f, f) */
	VMOVAPS      Z7, Z4
	VFNMADD213PS Z7, Z7, Z4
	VMULPS       Z4, Z9, Z9
	VMULPS       Z6, Z2, Z10 /* dg = (dct*i) * fma(-g, g, 1) */
	VMOVAPS      Z14, Z4
	VFNMADD231PS Z8, Z8, Z4
	VMULPS       Z4, Z10, Z10
	VMULPS       Z7, Z2, Z11 /* dc = dct*f */
	CST16(Z1, di_base+0(FP))
	CST16(Z9, df_base+24(FP))
	CST16(Z10, dg_base+48(FP))
	CST16(Z3, do_base+72(FP))
	CST16(Z11, dc_base+264(FP))
	ADDQ         $64, DX
	SUBQ         $16, CX
	JGT          loop
	VZEROUPPER

done:
	RET
