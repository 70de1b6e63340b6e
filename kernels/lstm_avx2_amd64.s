//go:build amd64 && !purego && !noasm

#include "textflag.h"
#include "elem_avx2_amd64.h"

// func lstmForwardAVX2(i, f, g, o, cPrev, c, h []float32)
TEXT ·lstmForwardAVX2(SB), NOSPLIT, $0-168
	MOVQ  c_len+128(FP), CX
	XORQ  DX, DX
	TESTQ CX, CX
	JZ    done
	TANHCONSTS

loop:
	// eight units: the four gates, c = fma(f, cPrev, i*g), h = o*tanh(c)
	CELLMASK
	CLD(i_base+0(FP), Y0)
	SIGMOID8(Y0, Y12)
	CST(Y12, i_base+0(FP))
	CLD(f_base+24(FP), Y0)
	SIGMOID8(Y0, Y13)
	CST(Y13, f_base+24(FP))
	CLD(o_base+72(FP), Y0)
	SIGMOID8(Y0, Y15)
	CST(Y15, o_base+72(FP))
	CLD(g_base+48(FP), Y0)
	TANH8(Y0, Y14)
	CST(Y14, g_base+48(FP))
	VMULPS      Y14, Y12, Y12
	CLD(cPrev_base+96(FP), Y0)
	VFMADD231PS Y0, Y13, Y12
	CST(Y12, c_base+120(FP))
	TANH8(Y12, Y14)
	VMULPS      Y14, Y15, Y14
	CST(Y14, h_base+144(FP))
	ADDQ        $32, DX
	SUBQ        $8, CX
	JGT         loop
	VZEROUPPER

done:
	RET

// func lstmBackwardAVX2(di, df, dg, do, i, f, g, o, cPrev, c, dh, dc []float32)
TEXT ·lstmBackwardAVX2(SB), NOSPLIT, $0-288
	MOVQ  c_len+224(FP), CX
	XORQ  DX, DX
	TESTQ CX, CX
	JZ    done
	TANHCONSTS

loop:
	// eight units: every input loaded before any output is stored
	CELLMASK
	CLD(c_base+216(FP), Y0)
	TANH8(Y0, Y12)
	CLD(dh_base+240(FP), Y13)
	CLD(o_base+168(FP), Y14)
	VMOVAPS      Y9, Y1 /* dct = fma(dh*o, fma(-t, t, 1), dc) */
	VFNMADD231PS Y12, Y12, Y1
	VMULPS       Y14, Y13, Y2
	CLD(dc_base+264(FP), Y3)
	VFMADD213PS  Y3, Y1, Y2
	VMULPS       Y12, Y13, Y4 /* do = (dh*t) * fma(-o, o, o) */
	VMOVAPS      Y14, Y5
	VFNMADD213PS Y14, Y14, Y5
	VMULPS       Y5, Y4, Y4
	CLD(i_base+96(FP), Y13)
	CLD(f_base+120(FP), Y14)
	CLD(g_base+144(FP), Y15)
	CLD(cPrev_base+192(FP), Y0)
	VMULPS       Y15, Y2, Y1 /* di = (dct*g) * fma(-i, i, i) */
	VMOVAPS      Y13, Y3
	VFNMADD213PS Y13, Y13, Y3
	VMULPS       Y3, Y1, Y1
	VMULPS       Y0, Y2, Y3 /* df = (dct*cPrev) * fma(-f, f, f) */
	VMOVAPS      Y14, Y5
	VFNMADD213PS Y14, Y14, Y5
	VMULPS       Y5, Y3, Y3
	VMULPS       Y13, Y2, Y5 /* dg = (dct*i) * fma(-g, g, 1) */
	VMOVAPS      Y9, Y6
	VFNMADD231PS Y15, Y15, Y6
	VMULPS       Y6, Y5, Y5
	VMULPS       Y14, Y2, Y6 /* dc = dct*f */
	CST(Y1, di_base+0(FP))
	CST(Y3, df_base+24(FP))
	CST(Y5, dg_base+48(FP))
	CST(Y4, do_base+72(FP))
	CST(Y6, dc_base+264(FP))
	ADDQ         $32, DX
	SUBQ         $8, CX
	JGT          loop
	VZEROUPPER

done:
	RET
