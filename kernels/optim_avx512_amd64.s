//go:build amd64 && !purego && !noasm

#include "textflag.h"
#include "vec_avx512_amd64.h"

// ADAGRAD16: m = fma(g, g, m); w -= (lr*g) * rsqrt(m + eps), the reciprocal
// square root from VRSQRT14PS (14 bits) refined by one Newton step
// r = r0 * (1.5 - 0.5*t*r0*r0). lr in Z14, eps in Z15, -0.5 in Z12, 1.5 in
// Z11. Clobbers g, t, r.
#define ADAGRAD16(g, m, w, t, r) \
	VFMADD231PS g, g, m; \
	VADDPS      Z15, m, t; \
	VRSQRT14PS  t, r; \
	VMULPS      r, t, t; \
	VMULPS      r, t, t; \
	VFMADD213PS Z11, Z12, t; \
	VMULPS      t, r, r; \
	VMULPS      Z14, g, g; \
	VMULPS      r, g, g; \
	VSUBPS      g, w, w

// ADAGRAD8 is ADAGRAD16 on 8 lanes, with the constants in Y11..Y15.
#define ADAGRAD8(g, m, w, t, r) \
	VFMADD231PS g, g, m; \
	VADDPS      Y15, m, t; \
	VRSQRT14PS  t, r; \
	VMULPS      r, t, t; \
	VMULPS      r, t, t; \
	VFMADD213PS Y11, Y12, t; \
	VMULPS      t, r, r; \
	VMULPS      Y14, g, g; \
	VMULPS      r, g, g; \
	VSUBPS      g, w, w

// func adagradAVX512(w, g, m []float32, lr, eps float32)
TEXT ·adagradAVX512(SB), NOSPLIT, $0-80
	MOVQ         w_base+0(FP), DI
	MOVQ         g_base+24(FP), SI
	MOVQ         g_len+32(FP), BX
	MOVQ         m_base+48(FP), DX
	CMPQ         BX, $16
	JLT          short
	VBROADCASTSS lr+72(FP), Z14
	VBROADCASTSS eps+76(FP), Z15
	MOVL         $0xbf000000, AX // -0.5
	VPBROADCASTD AX, Z12
	MOVL         $0x3fc00000, AX // 1.5
	VPBROADCASTD AX, Z11

	// Z21 (m), Z22 (w) = the last 16 elements' update from the inputs as
	// they were, stored last (R8 = &w[n-16], R9 = &g[n-16], R10 = &m[n-16])
	LEAQ    -64(DI)(BX*4), R8
	LEAQ    -64(SI)(BX*4), R9
	LEAQ    -64(DX)(BX*4), R10
	VMOVUPS (R9), Z20
	VMOVUPS (R10), Z21
	VMOVUPS (R8), Z22
	ADAGRAD16(Z20, Z21, Z22, Z23, Z24)

loop32:
	// 32 elements while 32 or more remain
	CMPQ    BX, $32
	JLT     loop16
	VMOVUPS (SI), Z0
	VMOVUPS (DX), Z1
	VMOVUPS (DI), Z2
	VMOVUPS 64(SI), Z5
	VMOVUPS 64(DX), Z6
	VMOVUPS 64(DI), Z7
	ADAGRAD16(Z0, Z1, Z2, Z3, Z4)
	ADAGRAD16(Z5, Z6, Z7, Z8, Z9)
	VMOVUPS Z1, (DX)
	VMOVUPS Z2, (DI)
	VMOVUPS Z6, 64(DX)
	VMOVUPS Z7, 64(DI)
	ADDQ    $128, SI
	ADDQ    $128, DX
	ADDQ    $128, DI
	SUBQ    $32, BX
	JMP     loop32

loop16:
	// 16 elements if more than 16 remain
	CMPQ    BX, $16
	JLE     last
	VMOVUPS (SI), Z0
	VMOVUPS (DX), Z1
	VMOVUPS (DI), Z2
	ADAGRAD16(Z0, Z1, Z2, Z3, Z4)
	VMOVUPS Z1, (DX)
	VMOVUPS Z2, (DI)

last:
	// the last 16 elements
	VMOVUPS Z21, (R10)
	VMOVUPS Z22, (R8)
	VZEROUPPER
	RET

short:
	// n < 16: 256-bit vectors only (a 512-bit operation here measured
	// 1-1.5 ns slower per call)
	VBROADCASTSS lr+72(FP), Y14
	VBROADCASTSS eps+76(FP), Y15
	MOVL         $0xbf000000, AX // -0.5
	VPBROADCASTD AX, Y12
	MOVL         $0x3fc00000, AX // 1.5
	VPBROADCASTD AX, Y11

	// 8 <= n < 16: elements [0, 8) and [n-8, n), both computed before
	// either is stored
	CMPQ    BX, $8
	JLT     tiny
	VMOVUPS (SI), Y0
	VMOVUPS (DX), Y1
	VMOVUPS (DI), Y2
	VMOVUPS -32(SI)(BX*4), Y5
	VMOVUPS -32(DX)(BX*4), Y6
	VMOVUPS -32(DI)(BX*4), Y7
	ADAGRAD8(Y0, Y1, Y2, Y3, Y4)
	ADAGRAD8(Y5, Y6, Y7, Y8, Y9)
	VMOVUPS Y1, (DX)
	VMOVUPS Y2, (DI)
	VMOVUPS Y6, -32(DX)(BX*4)
	VMOVUPS Y7, -32(DI)(BX*4)
	VZEROUPPER
	RET

tiny:
	// n < 8: masked
	MOVQ      BX, CX
	KMASK(K1)
	VMOVUPS.Z (SI), K1, Y0
	VMOVUPS.Z (DX), K1, Y1
	VMOVUPS.Z (DI), K1, Y2
	ADAGRAD8(Y0, Y1, Y2, Y3, Y4)
	VMOVUPS   Y1, K1, (DX)
	VMOVUPS   Y2, K1, (DI)
	VZEROUPPER
	RET

// ADAM8 with b1 Y9, ob1 Y10, b2 Y11, ob2 Y12, a Y14, b Y15, eps Y13:
// m = fma(b1, m, ob1*g); v = fma(b2, v, (ob2*g)*g);
// w -= (a*m) / (sqrt(v*b) + eps). Clobbers t, u.
#define ADAM8(g, m, v, w, t, u) \
	VMULPS      Y10, g, t; \
	VFMADD213PS t, Y9, m; \
	VMULPS      Y12, g, u; \
	VMULPS      g, u, u; \
	VFMADD213PS u, Y11, v; \
	VMULPS      Y15, v, u; \
	VSQRTPS     u, u; \
	VADDPS      Y13, u, u; \
	VMULPS      Y14, m, t; \
	VDIVPS      u, t, t; \
	VSUBPS      t, w, w

// func adamAVX512(w, g, m, v []float32, b1, ob1, b2, ob2, a, b, eps float32)
TEXT ·adamAVX512(SB), NOSPLIT, $0-124
	MOVQ         w_base+0(FP), DI
	MOVQ         g_base+24(FP), SI
	MOVQ         g_len+32(FP), BX
	MOVQ         m_base+48(FP), DX
	MOVQ         v_base+72(FP), R8
	VBROADCASTSS b1+96(FP), Y9
	VBROADCASTSS ob1+100(FP), Y10
	VBROADCASTSS b2+104(FP), Y11
	VBROADCASTSS ob2+108(FP), Y12
	VBROADCASTSS a+112(FP), Y14
	VBROADCASTSS b+116(FP), Y15
	VBROADCASTSS eps+120(FP), Y13

loop16:
	// 16 elements while more than 16 remain
	CMPQ    BX, $16
	JLE     tail16
	VMOVUPS (SI), Y0
	VMOVUPS (DX), Y1
	VMOVUPS (R8), Y2
	VMOVUPS (DI), Y3
	VMOVUPS 32(SI), Y16
	VMOVUPS 32(DX), Y17
	VMOVUPS 32(R8), Y18
	VMOVUPS 32(DI), Y19
	ADAM8(Y0, Y1, Y2, Y3, Y4, Y5)
	ADAM8(Y16, Y17, Y18, Y19, Y20, Y21)
	VMOVUPS Y1, (DX)
	VMOVUPS Y2, (R8)
	VMOVUPS Y3, (DI)
	VMOVUPS Y17, 32(DX)
	VMOVUPS Y18, 32(R8)
	VMOVUPS Y19, 32(DI)
	ADDQ    $64, SI
	ADDQ    $64, DX
	ADDQ    $64, R8
	ADDQ    $64, DI
	SUBQ    $16, BX
	JMP     loop16

tail16:
	// the last n-i <= 16 elements: 8-lane vectors, the last one masked
	CMPQ      BX, $8
	JLE       tail8
	VMOVUPS   (SI), Y0
	VMOVUPS   (DX), Y1
	VMOVUPS   (R8), Y2
	VMOVUPS   (DI), Y3
	ADAM8(Y0, Y1, Y2, Y3, Y4, Y5)
	VMOVUPS   Y1, (DX)
	VMOVUPS   Y2, (R8)
	VMOVUPS   Y3, (DI)
	ADDQ      $32, SI
	ADDQ      $32, DX
	ADDQ      $32, R8
	ADDQ      $32, DI
	SUBQ      $8, BX

tail8:
	MOVQ      BX, CX
	KMASK(K1)
	VMOVUPS.Z (SI), K1, Y16
	VMOVUPS.Z (DX), K1, Y17
	VMOVUPS.Z (R8), K1, Y18
	VMOVUPS.Z (DI), K1, Y19
	ADAM8(Y16, Y17, Y18, Y19, Y20, Y21)
	VMOVUPS   Y17, K1, (DX)
	VMOVUPS   Y18, K1, (R8)
	VMOVUPS   Y19, K1, (DI)
	VZEROUPPER
	RET

// MOMENTUM16 with nlr Z14, mu Z15: vel = fma(mu, vel, nlr*g); w += vel.
// Clobbers g; t and r are unused.
#define MOMENTUM16(g, vel, w, t, r) \
	VMULPS      Z14, g, g; \
	VFMADD213PS g, Z15, vel; \
	VADDPS      vel, w, w

// MOMENTUM8 is MOMENTUM16 on 8 lanes, with the constants in Y14, Y15.
#define MOMENTUM8(g, vel, w, t, r) \
	VMULPS      Y14, g, g; \
	VFMADD213PS g, Y15, vel; \
	VADDPS      vel, w, w

// func momentumAVX512(w, g, vel []float32, nlr, mu float32)
TEXT ·momentumAVX512(SB), NOSPLIT, $0-80
	MOVQ         w_base+0(FP), DI
	MOVQ         g_base+24(FP), SI
	MOVQ         g_len+32(FP), BX
	MOVQ         vel_base+48(FP), DX
	CMPQ         BX, $16
	JLT          short
	VBROADCASTSS nlr+72(FP), Z14
	VBROADCASTSS mu+76(FP), Z15

	// Z21 (vel), Z22 (w) = the last 16 elements' update from the inputs as
	// they were, stored last (R8 = &w[n-16], R9 = &g[n-16], R10 = &vel[n-16])
	LEAQ    -64(DI)(BX*4), R8
	LEAQ    -64(SI)(BX*4), R9
	LEAQ    -64(DX)(BX*4), R10
	VMOVUPS (R9), Z20
	VMOVUPS (R10), Z21
	VMOVUPS (R8), Z22
	MOMENTUM16(Z20, Z21, Z22, Z23, Z24)

loop32:
	// 32 elements while 32 or more remain
	CMPQ    BX, $32
	JLT     loop16
	VMOVUPS (SI), Z0
	VMOVUPS (DX), Z1
	VMOVUPS (DI), Z2
	VMOVUPS 64(SI), Z5
	VMOVUPS 64(DX), Z6
	VMOVUPS 64(DI), Z7
	MOMENTUM16(Z0, Z1, Z2, Z3, Z4)
	MOMENTUM16(Z5, Z6, Z7, Z8, Z9)
	VMOVUPS Z1, (DX)
	VMOVUPS Z2, (DI)
	VMOVUPS Z6, 64(DX)
	VMOVUPS Z7, 64(DI)
	ADDQ    $128, SI
	ADDQ    $128, DX
	ADDQ    $128, DI
	SUBQ    $32, BX
	JMP     loop32

loop16:
	// 16 elements if more than 16 remain
	CMPQ    BX, $16
	JLE     last
	VMOVUPS (SI), Z0
	VMOVUPS (DX), Z1
	VMOVUPS (DI), Z2
	MOMENTUM16(Z0, Z1, Z2, Z3, Z4)
	VMOVUPS Z1, (DX)
	VMOVUPS Z2, (DI)

last:
	// the last 16 elements
	VMOVUPS Z21, (R10)
	VMOVUPS Z22, (R8)
	VZEROUPPER
	RET

short:
	// n < 16: 256-bit vectors only (a 512-bit operation here measured
	// 1-1.5 ns slower per call)
	VBROADCASTSS nlr+72(FP), Y14
	VBROADCASTSS mu+76(FP), Y15

	// 8 <= n < 16: elements [0, 8) and [n-8, n), both computed before
	// either is stored
	CMPQ    BX, $8
	JLT     tiny
	VMOVUPS (SI), Y0
	VMOVUPS (DX), Y1
	VMOVUPS (DI), Y2
	VMOVUPS -32(SI)(BX*4), Y5
	VMOVUPS -32(DX)(BX*4), Y6
	VMOVUPS -32(DI)(BX*4), Y7
	MOMENTUM8(Y0, Y1, Y2, Y3, Y4)
	MOMENTUM8(Y5, Y6, Y7, Y8, Y9)
	VMOVUPS Y1, (DX)
	VMOVUPS Y2, (DI)
	VMOVUPS Y6, -32(DX)(BX*4)
	VMOVUPS Y7, -32(DI)(BX*4)
	VZEROUPPER
	RET

tiny:
	// n < 8: masked
	MOVQ      BX, CX
	KMASK(K1)
	VMOVUPS.Z (SI), K1, Y0
	VMOVUPS.Z (DX), K1, Y1
	VMOVUPS.Z (DI), K1, Y2
	MOMENTUM8(Y0, Y1, Y2, Y3, Y4)
	VMOVUPS   Y1, K1, (DX)
	VMOVUPS   Y2, K1, (DI)
	VZEROUPPER
	RET
