//go:build arm64 && !purego && !noasm

#include "textflag.h"
#include "elem_neon_arm64.h"

// func maxNEON(x []float32) float32
TEXT ·maxNEON(SB), NOSPLIT, $0-28
	MOVD  x_base+0(FP), R0
	MOVD  x_len+8(FP), R2
	FMOVS (R0), F24
	VDUP  V24.S[0], V16.S4
	VMOV  V16.B16, V17.B16
	VMOV  V16.B16, V18.B16
	VMOV  V16.B16, V19.B16
	SUBS  $16, R2, R2
	BMI   loop4

loop16:
	// V16..V19 = max(V16..V19, x[i:i+16]); a NaN sticks
	VLD1.P 64(R0), [V0.S4, V1.S4, V2.S4, V3.S4]
	WORD $0x4e20f610 // fmax v16.4s, v16.4s, v0.4s
	WORD $0x4e21f631 // fmax v17.4s, v17.4s, v1.4s
	WORD $0x4e22f652 // fmax v18.4s, v18.4s, v2.4s
	WORD $0x4e23f673 // fmax v19.4s, v19.4s, v3.4s
	SUBS   $16, R2, R2
	BPL    loop16

loop4:
	ADDS $12, R2, R2
	BMI  tail

loop4body:
	VLD1.P 16(R0), [V0.S4]
	WORD $0x4e20f610 // fmax v16.4s, v16.4s, v0.4s
	SUBS   $4, R2, R2
	BPL    loop4body

tail:
	ADDS $4, R2, R2
	BEQ  reduce

tailloop:
	FMOVS.P 4(R0), F0
	FMAXS   F0, F24, F24
	SUBS    $1, R2, R2
	BNE     tailloop

reduce:
	WORD $0x4e31f610 // fmax v16.4s, v16.4s, v17.4s
	WORD $0x4e33f652 // fmax v18.4s, v18.4s, v19.4s
	WORD $0x4e32f610 // fmax v16.4s, v16.4s, v18.4s
	WORD $0x6e30fa10 // fmaxv s16, v16.4s
	FMAXS F24, F16, F16
	FMOVS F16, ret+24(FP)
	RET

// func expShiftSumNEONLen8(dst, src []float32, m float32) float32
//
// The exp body at "compute" (EXP4: V0 -> V1, temporaries V3..V9) is shared by
// four call sites; R15 says where to continue.
TEXT ·expShiftSumNEONLen8(SB), NOSPLIT, $0-60
	MOVD  dst_base+0(FP), R1
	MOVD  src_base+24(FP), R0
	MOVD  src_len+32(FP), R2
	FMOVS m+48(FP), F30
	VDUP  V30.S[0], V30.S4

	EXP4_CONSTS

	// V10, V11 = lane sums 0..3, 4..7; V12, V13 = the ORIGINAL last 8
	// elements (dst may be src); V14, V15 = mask of their lanes >= 8 - n%8;
	// R9 = number of whole 8-element blocks; R3 = n%8
	VEOR  V10.B16, V10.B16, V10.B16
	VEOR  V11.B16, V11.B16, V11.B16
	SUB   $8, R2, R4
	ADD   R4<<2, R0, R4
	VLD1  (R4), [V12.S4, V13.S4]
	AND   $7, R2, R3
	MOVD  $·expSumMask(SB), R4
	ADD   R3<<2, R4, R4
	VLD1  (R4), [V14.S4, V15.S4]
	LSR   $3, R2, R9

block:
	// elements i..i+3 go to lanes 0..3, i+4..i+7 to lanes 4..7
	CBZ    R9, tail
	VLD1.P 16(R0), [V0.S4]
	WORD $0x4ebed400 // fsub v0.4s, v0.4s, v30.4s
	MOVD   $0, R15
	B      compute

after0:
	VST1.P [V1.S4], 16(R1)
	WORD $0x4e21d54a // fadd v10.4s, v10.4s, v1.4s
	VLD1.P 16(R0), [V0.S4]
	WORD $0x4ebed400 // fsub v0.4s, v0.4s, v30.4s
	MOVD   $1, R15
	B      compute

after1:
	VST1.P [V1.S4], 16(R1)
	WORD $0x4e21d56b // fadd v11.4s, v11.4s, v1.4s
	SUB    $1, R9, R9
	B      block

tail:
	// n%8 > 0: recompute the last 8 elements from the saved originals,
	// store all 8 (the overlap rewrites equal values), add only new lanes
	CBZ    R3, reduce
	SUB    $8, R2, R4
	MOVD   dst_base+0(FP), R1
	ADD    R4<<2, R1, R1
	WORD $0x4ebed580 // fsub v0.4s, v12.4s, v30.4s
	MOVD   $2, R15
	B      compute

after2:
	VST1.P [V1.S4], 16(R1)
	VAND   V14.B16, V1.B16, V1.B16
	WORD $0x4e21d54a // fadd v10.4s, v10.4s, v1.4s
	WORD $0x4ebed5a0 // fsub v0.4s, v13.4s, v30.4s
	MOVD   $3, R15
	B      compute

after3:
	VST1   [V1.S4], (R1)
	VAND   V15.B16, V1.B16, V1.B16
	WORD $0x4e21d56b // fadd v11.4s, v11.4s, v1.4s

reduce:
	// (l0+l4 + l2+l6) + (l1+l5 + l3+l7), as reduce8
	WORD $0x4e2bd54a // fadd v10.4s, v10.4s, v11.4s
	VEXT  $8, V10.B16, V10.B16, V11.B16
	WORD $0x4e2bd54a // fadd v10.4s, v10.4s, v11.4s
	WORD $0x7e30d94a // faddp s10, v10.2s
	FMOVS F10, ret+56(FP)
	RET

compute:
	// V1 = exp32(V0)
	EXP4

	// continue at after0..after3
	CBZ R15, after0
	CMP $2, R15
	BLT after1
	BEQ after2
	B   after3
