//go:build arm64 && !purego && !noasm

#include "textflag.h"

// func momentumNEON(w, g, vel []float32, nlr, mu float32)
TEXT ·momentumNEON(SB), NOSPLIT, $0-80
	MOVD  w_base+0(FP), R0
	MOVD  g_base+24(FP), R1
	MOVD  g_len+32(FP), R9
	MOVD  vel_base+48(FP), R2
	FMOVS nlr+72(FP), F30
	FMOVS mu+76(FP), F31
	VDUP  V30.S[0], V30.S4
	VDUP  V31.S[0], V31.S4
	SUBS  $8, R9, R9
	BMI   l4

l8:
	// vel = fma(mu, vel, -lr*g); w += vel
	VLD1.P 32(R1), [V0.S4, V1.S4]
	VLD1   (R2), [V2.S4, V3.S4]
	VLD1   (R0), [V4.S4, V5.S4]
	WORD $0x6e3edc06 // fmul v6.4s, v0.4s, v30.4s
	WORD $0x6e3edc27 // fmul v7.4s, v1.4s, v30.4s
	VFMLA  V31.S4, V2.S4, V6.S4
	VFMLA  V31.S4, V3.S4, V7.S4
	WORD $0x4e26d484 // fadd v4.4s, v4.4s, v6.4s
	WORD $0x4e27d4a5 // fadd v5.4s, v5.4s, v7.4s
	VST1.P [V6.S4, V7.S4], 32(R2)
	VST1.P [V4.S4, V5.S4], 32(R0)
	SUBS   $8, R9, R9
	BPL    l8

l4:
	ADDS   $4, R9, R9
	BMI    l1
	VLD1.P 16(R1), [V0.S4]
	VLD1   (R2), [V2.S4]
	VLD1   (R0), [V4.S4]
	WORD $0x6e3edc06 // fmul v6.4s, v0.4s, v30.4s
	VFMLA  V31.S4, V2.S4, V6.S4
	WORD $0x4e26d484 // fadd v4.4s, v4.4s, v6.4s
	VST1.P [V6.S4], 16(R2)
	VST1.P [V4.S4], 16(R0)
	SUBS   $4, R9, R9

l1:
	ADDS $4, R9, R9
	BEQ  done

l1loop:
	FMOVS.P 4(R1), F0
	FMOVS   (R2), F2
	FMOVS   (R0), F4
	FMULS   F30, F0, F6
	FMADDS  F2, F6, F31, F6
	FADDS   F6, F4, F4
	FMOVS.P F6, 4(R2)
	FMOVS.P F4, 4(R0)
	SUBS    $1, R9, R9
	BNE     l1loop

done:
	RET

// func adagradNEON(w, g, m []float32, lr, eps float32)
TEXT ·adagradNEON(SB), NOSPLIT, $0-80
	MOVD  w_base+0(FP), R0
	MOVD  g_base+24(FP), R1
	MOVD  g_len+32(FP), R9
	MOVD  m_base+48(FP), R2
	FMOVS lr+72(FP), F30
	FMOVS eps+76(FP), F31
	VDUP  V30.S[0], V30.S4
	VDUP  V31.S[0], V31.S4
	SUBS  $8, R9, R9
	BMI   l4

l8:
	// m = fma(g, g, m); w -= (lr*g) / sqrt(m + eps)
	VLD1.P 32(R1), [V0.S4, V1.S4]
	VLD1   (R2), [V2.S4, V3.S4]
	VLD1   (R0), [V4.S4, V5.S4]
	VFMLA  V0.S4, V0.S4, V2.S4
	VFMLA  V1.S4, V1.S4, V3.S4
	WORD $0x4e3fd446 // fadd v6.4s, v2.4s, v31.4s
	WORD $0x4e3fd467 // fadd v7.4s, v3.4s, v31.4s
	WORD $0x6ea1f8c6 // fsqrt v6.4s, v6.4s
	WORD $0x6ea1f8e7 // fsqrt v7.4s, v7.4s
	WORD $0x6e3edc08 // fmul v8.4s, v0.4s, v30.4s
	WORD $0x6e3edc29 // fmul v9.4s, v1.4s, v30.4s
	WORD $0x6e26fd08 // fdiv v8.4s, v8.4s, v6.4s
	WORD $0x6e27fd29 // fdiv v9.4s, v9.4s, v7.4s
	WORD $0x4ea8d484 // fsub v4.4s, v4.4s, v8.4s
	WORD $0x4ea9d4a5 // fsub v5.4s, v5.4s, v9.4s
	VST1.P [V2.S4, V3.S4], 32(R2)
	VST1.P [V4.S4, V5.S4], 32(R0)
	SUBS   $8, R9, R9
	BPL    l8

l4:
	ADDS   $4, R9, R9
	BMI    l1
	VLD1.P 16(R1), [V0.S4]
	VLD1   (R2), [V2.S4]
	VLD1   (R0), [V4.S4]
	VFMLA  V0.S4, V0.S4, V2.S4
	WORD $0x4e3fd446 // fadd v6.4s, v2.4s, v31.4s
	WORD $0x6ea1f8c6 // fsqrt v6.4s, v6.4s
	WORD $0x6e3edc08 // fmul v8.4s, v0.4s, v30.4s
	WORD $0x6e26fd08 // fdiv v8.4s, v8.4s, v6.4s
	WORD $0x4ea8d484 // fsub v4.4s, v4.4s, v8.4s
	VST1.P [V2.S4], 16(R2)
	VST1.P [V4.S4], 16(R0)
	SUBS   $4, R9, R9

l1:
	ADDS $4, R9, R9
	BEQ  done

l1loop:
	FMOVS.P 4(R1), F0
	FMOVS   (R2), F2
	FMOVS   (R0), F4
	FMADDS  F0, F2, F0, F2
	FADDS   F31, F2, F6
	FSQRTS  F6, F6
	FMULS   F30, F0, F8
	FDIVS   F6, F8, F8
	FSUBS   F8, F4, F4
	FMOVS.P F2, 4(R2)
	FMOVS.P F4, 4(R0)
	SUBS    $1, R9, R9
	BNE     l1loop

done:
	RET

// func adamNEON(w, g, m, v []float32, b1, ob1, b2, ob2, a, b, eps float32)
TEXT ·adamNEON(SB), NOSPLIT, $0-124
	MOVD  w_base+0(FP), R0
	MOVD  g_base+24(FP), R1
	MOVD  g_len+32(FP), R9
	MOVD  m_base+48(FP), R2
	MOVD  v_base+72(FP), R3
	FMOVS b1+96(FP), F26
	FMOVS ob1+100(FP), F28
	FMOVS b2+104(FP), F27
	FMOVS ob2+108(FP), F29
	FMOVS a+112(FP), F24
	FMOVS b+116(FP), F25
	FMOVS eps+120(FP), F30
	VDUP  V24.S[0], V24.S4
	VDUP  V25.S[0], V25.S4
	VDUP  V26.S[0], V26.S4
	VDUP  V27.S[0], V27.S4
	VDUP  V28.S[0], V28.S4
	VDUP  V29.S[0], V29.S4
	VDUP  V30.S[0], V30.S4
	SUBS  $8, R9, R9
	BMI   l4

l8:
	// m = fma(b1, m, ob1*g); v = fma(b2, v, (ob2*g)*g);
	// w -= (a*m) / (sqrt(v*b) + eps)
	VLD1.P 32(R1), [V0.S4, V1.S4]
	VLD1   (R2), [V2.S4, V3.S4]
	VLD1   (R3), [V4.S4, V5.S4]
	VLD1   (R0), [V6.S4, V7.S4]
	WORD $0x6e3cdc08 // fmul v8.4s, v0.4s, v28.4s
	WORD $0x6e3cdc29 // fmul v9.4s, v1.4s, v28.4s
	VFMLA  V26.S4, V2.S4, V8.S4
	VFMLA  V26.S4, V3.S4, V9.S4
	WORD $0x6e3ddc0a // fmul v10.4s, v0.4s, v29.4s
	WORD $0x6e3ddc2b // fmul v11.4s, v1.4s, v29.4s
	WORD $0x6e20dd4a // fmul v10.4s, v10.4s, v0.4s
	WORD $0x6e21dd6b // fmul v11.4s, v11.4s, v1.4s
	VFMLA  V27.S4, V4.S4, V10.S4
	VFMLA  V27.S4, V5.S4, V11.S4
	WORD $0x6e39dd4c // fmul v12.4s, v10.4s, v25.4s
	WORD $0x6e39dd6d // fmul v13.4s, v11.4s, v25.4s
	WORD $0x6ea1f98c // fsqrt v12.4s, v12.4s
	WORD $0x6ea1f9ad // fsqrt v13.4s, v13.4s
	WORD $0x4e3ed58c // fadd v12.4s, v12.4s, v30.4s
	WORD $0x4e3ed5ad // fadd v13.4s, v13.4s, v30.4s
	WORD $0x6e38dd0e // fmul v14.4s, v8.4s, v24.4s
	WORD $0x6e38dd2f // fmul v15.4s, v9.4s, v24.4s
	WORD $0x6e2cfdce // fdiv v14.4s, v14.4s, v12.4s
	WORD $0x6e2dfdef // fdiv v15.4s, v15.4s, v13.4s
	WORD $0x4eaed4c6 // fsub v6.4s, v6.4s, v14.4s
	WORD $0x4eafd4e7 // fsub v7.4s, v7.4s, v15.4s
	VST1.P [V8.S4, V9.S4], 32(R2)
	VST1.P [V10.S4, V11.S4], 32(R3)
	VST1.P [V6.S4, V7.S4], 32(R0)
	SUBS   $8, R9, R9
	BPL    l8

l4:
	ADDS   $4, R9, R9
	BMI    l1
	VLD1.P 16(R1), [V0.S4]
	VLD1   (R2), [V2.S4]
	VLD1   (R3), [V4.S4]
	VLD1   (R0), [V6.S4]
	WORD $0x6e3cdc08 // fmul v8.4s, v0.4s, v28.4s
	VFMLA  V26.S4, V2.S4, V8.S4
	WORD $0x6e3ddc0a // fmul v10.4s, v0.4s, v29.4s
	WORD $0x6e20dd4a // fmul v10.4s, v10.4s, v0.4s
	VFMLA  V27.S4, V4.S4, V10.S4
	WORD $0x6e39dd4c // fmul v12.4s, v10.4s, v25.4s
	WORD $0x6ea1f98c // fsqrt v12.4s, v12.4s
	WORD $0x4e3ed58c // fadd v12.4s, v12.4s, v30.4s
	WORD $0x6e38dd0e // fmul v14.4s, v8.4s, v24.4s
	WORD $0x6e2cfdce // fdiv v14.4s, v14.4s, v12.4s
	WORD $0x4eaed4c6 // fsub v6.4s, v6.4s, v14.4s
	VST1.P [V8.S4], 16(R2)
	VST1.P [V10.S4], 16(R3)
	VST1.P [V6.S4], 16(R0)
	SUBS   $4, R9, R9

l1:
	ADDS $4, R9, R9
	BEQ  done

l1loop:
	FMOVS.P 4(R1), F0
	FMOVS   (R2), F2
	FMOVS   (R3), F4
	FMOVS   (R0), F6
	FMULS   F28, F0, F8
	FMADDS  F2, F8, F26, F8
	FMULS   F29, F0, F10
	FMULS   F0, F10, F10
	FMADDS  F4, F10, F27, F10
	FMULS   F25, F10, F12
	FSQRTS  F12, F12
	FADDS   F30, F12, F12
	FMULS   F24, F8, F14
	FDIVS   F12, F14, F14
	FSUBS   F14, F6, F6
	FMOVS.P F8, 4(R2)
	FMOVS.P F10, 4(R3)
	FMOVS.P F6, 4(R0)
	SUBS    $1, R9, R9
	BNE     l1loop

done:
	RET
