//go:build amd64 && !purego && !noasm

#include "textflag.h"
#include "elem_avx2_amd64.h"

// ADAGRAD8: m = fma(g, g, m); w -= (lr*g) * rsqrt(m + eps), the reciprocal
// square root from VRSQRTPS (12 bits) refined by one Newton step
// r = r0 * (1.5 - 0.5*t*r0*r0). lr in Y14, eps in Y15, -0.5 in Y12, 1.5 in
// Y11. Clobbers g, t, r.
#define ADAGRAD8(g, m, w, t, r) \
	VFMADD231PS g, g, m; \
	VADDPS      Y15, m, t; \
	VRSQRTPS    t, r; \
	VMULPS      r, t, t; \
	VMULPS      r, t, t; \
	VFMADD213PS Y11, Y12, t; \
	VMULPS      t, r, r; \
	VMULPS      Y14, g, g; \
	VMULPS      r, g, g; \
	VSUBPS      g, w, w

// func adagradAVX2(w, g, m []float32, lr, eps float32)
TEXT ·adagradAVX2(SB), NOSPLIT, $0-80
	MOVQ         w_base+0(FP), DI
	MOVQ         g_base+24(FP), SI
	MOVQ         g_len+32(FP), CX
	MOVQ         m_base+48(FP), DX
	VBROADCASTSS lr+72(FP), Y14
	VBROADCASTSS eps+76(FP), Y15
	MOVL         $0xbf000000, AX // -0.5
	VMOVD        AX, X12
	VBROADCASTSS X12, Y12
	MOVL         $0x3fc00000, AX // 1.5
	VMOVD        AX, X11
	VBROADCASTSS X11, Y11
	CMPQ         CX, $8
	JLT          short

	// Y5 (m), Y6 (w) = the last 8 elements' update, from the inputs as they were
	LEAQ    -32(DI)(CX*4), R8
	LEAQ    -32(SI)(CX*4), R9
	LEAQ    -32(DX)(CX*4), R10
	VMOVUPS (R9), Y4
	VMOVUPS (R10), Y5
	VMOVUPS (R8), Y6
	ADAGRAD8(Y4, Y5, Y6, Y7, Y8)

loop:
	// 8 elements while 8 or more remain
	VMOVUPS (SI), Y0
	VMOVUPS (DX), Y1
	VMOVUPS (DI), Y2
	ADAGRAD8(Y0, Y1, Y2, Y3, Y9)
	VMOVUPS Y1, (DX)
	VMOVUPS Y2, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DX
	ADDQ    $32, DI
	SUBQ    $8, CX
	CMPQ    CX, $8
	JGE     loop

	// the last 8 elements
	VMOVUPS Y5, (R10)
	VMOVUPS Y6, (R8)
	VZEROUPPER
	RET

short:
	// n < 8: masked loads and stores
	TESTQ CX, CX
	JZ    done
	TAILMASK
	VMASKMOVPS (SI), Y13, Y0
	VMASKMOVPS (DX), Y13, Y1
	VMASKMOVPS (DI), Y13, Y2
	ADAGRAD8(Y0, Y1, Y2, Y3, Y9)
	VMASKMOVPS Y1, Y13, (DX)
	VMASKMOVPS Y2, Y13, (DI)
	VZEROUPPER

done:
	RET

// ADAM8 with b1 Y9, ob1 Y10, b2 Y11, ob2 Y12, a Y14, b Y15, eps Y13:
// m = fma(b1, m, ob1*g); v = fma(b2, v, (ob2*g)*g);
// w -= (a*m) / (sqrt(v*b) + eps). Clobbers Y4, Y5.
#define ADAM8(g, m, v, w) \
	VMULPS      Y10, g, Y4; \
	VFMADD213PS Y4, Y9, m; \
	VMULPS      Y12, g, Y5; \
	VMULPS      g, Y5, Y5; \
	VFMADD213PS Y5, Y11, v; \
	VMULPS      Y15, v, Y5; \
	VSQRTPS     Y5, Y5; \
	VADDPS      Y13, Y5, Y5; \
	VMULPS      Y14, m, Y4; \
	VDIVPS      Y5, Y4, Y4; \
	VSUBPS      Y4, w, w

// func adamAVX2(w, g, m, v []float32, b1, ob1, b2, ob2, a, b, eps float32)
TEXT ·adamAVX2(SB), NOSPLIT, $0-124
	MOVQ         w_base+0(FP), DI
	MOVQ         g_base+24(FP), SI
	MOVQ         g_len+32(FP), CX
	MOVQ         m_base+48(FP), DX
	MOVQ         v_base+72(FP), BX
	VBROADCASTSS b1+96(FP), Y9
	VBROADCASTSS ob1+100(FP), Y10
	VBROADCASTSS b2+104(FP), Y11
	VBROADCASTSS ob2+108(FP), Y12
	VBROADCASTSS a+112(FP), Y14
	VBROADCASTSS b+116(FP), Y15
	VBROADCASTSS eps+120(FP), Y13
	CMPQ         CX, $8
	JLT          short

	// Y6 (m), Y7 (v), Y8 (w) = the last 8 elements' update, from the inputs as they were
	LEAQ    -32(DI)(CX*4), R8
	LEAQ    -32(SI)(CX*4), R9
	LEAQ    -32(DX)(CX*4), R10
	LEAQ    -32(BX)(CX*4), R11
	VMOVUPS (R9), Y0
	VMOVUPS (R10), Y6
	VMOVUPS (R11), Y7
	VMOVUPS (R8), Y8
	ADAM8(Y0, Y6, Y7, Y8)

loop:
	// 8 elements while 8 or more remain
	VMOVUPS (SI), Y0
	VMOVUPS (DX), Y1
	VMOVUPS (BX), Y2
	VMOVUPS (DI), Y3
	ADAM8(Y0, Y1, Y2, Y3)
	VMOVUPS Y1, (DX)
	VMOVUPS Y2, (BX)
	VMOVUPS Y3, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DX
	ADDQ    $32, BX
	ADDQ    $32, DI
	SUBQ    $8, CX
	CMPQ    CX, $8
	JGE     loop

	// the last 8 elements
	VMOVUPS Y6, (R10)
	VMOVUPS Y7, (R11)
	VMOVUPS Y8, (R8)
	VZEROUPPER
	RET

short:
	// n < 8: masked loads and stores (mask in Y8: Y13 holds eps)
	TESTQ   CX, CX
	JZ      done
	LEAQ    ·tailMask+32(SB), AX
	SHLQ    $2, CX
	SUBQ    CX, AX
	VMOVDQU (AX), Y8
	VMASKMOVPS (SI), Y8, Y0
	VMASKMOVPS (DX), Y8, Y1
	VMASKMOVPS (BX), Y8, Y2
	VMASKMOVPS (DI), Y8, Y3
	ADAM8(Y0, Y1, Y2, Y3)
	VMASKMOVPS Y1, Y8, (DX)
	VMASKMOVPS Y2, Y8, (BX)
	VMASKMOVPS Y3, Y8, (DI)
	VZEROUPPER

done:
	RET

// MOMENTUM8 with nlr Y14, mu Y15: vel = fma(mu, vel, nlr*g); w += vel.
// Clobbers g.
#define MOMENTUM8(g, vel, w) \
	VMULPS      Y14, g, g; \
	VFMADD213PS g, Y15, vel; \
	VADDPS      vel, w, w

// func momentumAVX2(w, g, vel []float32, nlr, mu float32)
TEXT ·momentumAVX2(SB), NOSPLIT, $0-80
	MOVQ         w_base+0(FP), DI
	MOVQ         g_base+24(FP), SI
	MOVQ         g_len+32(FP), CX
	MOVQ         vel_base+48(FP), DX
	VBROADCASTSS nlr+72(FP), Y14
	VBROADCASTSS mu+76(FP), Y15
	CMPQ         CX, $8
	JLT          short

	// Y5 (vel), Y6 (w) = the last 8 elements' update, from the inputs as they were
	LEAQ    -32(DI)(CX*4), R8
	LEAQ    -32(SI)(CX*4), R9
	LEAQ    -32(DX)(CX*4), R10
	VMOVUPS (R9), Y4
	VMOVUPS (R10), Y5
	VMOVUPS (R8), Y6
	MOMENTUM8(Y4, Y5, Y6)

loop:
	// 8 elements while 8 or more remain
	VMOVUPS (SI), Y0
	VMOVUPS (DX), Y1
	VMOVUPS (DI), Y2
	MOMENTUM8(Y0, Y1, Y2)
	VMOVUPS Y1, (DX)
	VMOVUPS Y2, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DX
	ADDQ    $32, DI
	SUBQ    $8, CX
	CMPQ    CX, $8
	JGE     loop

	// the last 8 elements
	VMOVUPS Y5, (R10)
	VMOVUPS Y6, (R8)
	VZEROUPPER
	RET

short:
	// n < 8: masked loads and stores
	TESTQ CX, CX
	JZ    done
	TAILMASK
	VMASKMOVPS (SI), Y13, Y0
	VMASKMOVPS (DX), Y13, Y1
	VMASKMOVPS (DI), Y13, Y2
	MOMENTUM8(Y0, Y1, Y2)
	VMASKMOVPS Y1, Y13, (DX)
	VMASKMOVPS Y2, Y13, (DI)
	VZEROUPPER

done:
	RET
