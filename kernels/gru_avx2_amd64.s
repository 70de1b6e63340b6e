//go:build amd64 && !purego && !noasm

#include "textflag.h"
#include "elem_avx2_amd64.h"

// func gruForwardAVX2(r, z, n, hr, hz, hn, hPrev, h []float32)
TEXT ·gruForwardAVX2(SB), NOSPLIT, $0-192
	MOVQ  h_len+176(FP), CX
	XORQ  DX, DX
	TESTQ CX, CX
	JZ    done
	TANHCONSTS

loop:
	// eight units: r, z, n = tanh(fma(r, hn, n)), h = fma(z, hPrev - n, n)
	CELLMASK
	CLD(r_base+0(FP), Y0)
	CLD(hr_base+72(FP), Y12)
	VADDPS      Y12, Y0, Y0
	SIGMOID8(Y0, Y12)
	CLD(z_base+24(FP), Y0)
	CLD(hz_base+96(FP), Y13)
	VADDPS      Y13, Y0, Y0
	SIGMOID8(Y0, Y13)
	CLD(n_base+48(FP), Y14)
	CLD(hn_base+120(FP), Y15)
	VFMADD231PS Y15, Y12, Y14
	TANH8(Y14, Y15)
	CLD(hPrev_base+144(FP), Y0)
	VSUBPS      Y15, Y0, Y0
	VFMADD213PS Y15, Y13, Y0
	CST(Y12, r_base+0(FP))
	CST(Y13, z_base+24(FP))
	CST(Y15, n_base+48(FP))
	CST(Y0, h_base+168(FP))
	ADDQ        $32, DX
	SUBQ        $8, CX
	JGT         loop
	VZEROUPPER

done:
	RET

// func gruBackwardAVX2(dr, dz, dn, dhn, dhPrev, r, z, n, hn, hPrev, dh []float32)
TEXT ·gruBackwardAVX2(SB), NOSPLIT, $0-264
	MOVQ  dh_len+248(FP), CX
	XORQ  DX, DX
	TESTQ CX, CX
	JZ    done
	VMOVUPS ONE, Y9

loop:
	// eight units: every input loaded before any output is stored
	CELLMASK
	CLD(r_base+120(FP), Y12)
	CLD(z_base+144(FP), Y13)
	CLD(n_base+168(FP), Y14)
	CLD(hn_base+192(FP), Y15)
	CLD(hPrev_base+216(FP), Y1)
	CLD(dh_base+240(FP), Y0)
	VSUBPS       Y13, Y9, Y2 /* dn = (dh*(1-z)) * fma(-n, n, 1) */
	VMULPS       Y2, Y0, Y2
	VMOVAPS      Y9, Y3
	VFNMADD231PS Y14, Y14, Y3
	VMULPS       Y3, Y2, Y2
	VSUBPS       Y14, Y1, Y1 /* dz = (dh*(hPrev-n)) * fma(-z, z, z) */
	VMULPS       Y1, Y0, Y1
	VMOVAPS      Y13, Y4
	VFNMADD213PS Y13, Y13, Y4
	VMULPS       Y4, Y1, Y1
	VMULPS       Y15, Y2, Y5 /* dr = (dn*hn) * fma(-r, r, r) */
	VMOVAPS      Y12, Y6
	VFNMADD213PS Y12, Y12, Y6
	VMULPS       Y6, Y5, Y5
	VMULPS       Y12, Y2, Y6 /* dhn = dn*r, dhPrev = dh*z */
	VMULPS       Y13, Y0, Y7
	CST(Y5, dr_base+0(FP))
	CST(Y1, dz_base+24(FP))
	CST(Y2, dn_base+48(FP))
	CST(Y6, dhn_base+72(FP))
	CST(Y7, dhPrev_base+96(FP))
	ADDQ         $32, DX
	SUBQ         $8, CX
	JGT          loop
	VZEROUPPER

done:
	RET
