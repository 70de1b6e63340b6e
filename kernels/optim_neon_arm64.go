//go:build arm64 && !purego && !noasm

package kernels

// The optimizer kernels run the operations of their generic twins in the
// same order with the same roundings (FMLA where the twin has fma32, FMUL
// where it has float32(x*y)), so every tier returns the same bits. Each
// loop does 8 elements per iteration, then 4, then at most 3 scalar; the
// slices must have len(g) elements (the wrappers check it), and they are
// read and written only there.

// momentumNEON applies one SGD-with-momentum step (nlr = -lr).
//
//	for i, gi := range g {
//		vi := fma32(mu, vel[i], float32(nlr*gi))
//		vel[i] = vi
//		w[i] += vi
//	}
//
// Main loop, per 8 elements: 3 LD1 and 2 ST1 (2 registers each), 2 FMUL,
// 2 FMLA, 2 FADD, SUBS, B.PL = 13 instructions (1.6 per element). On a
// 4-wide core with two FP pipes, two 128-bit loads and one or two 128-bit
// stores per cycle (Neoverse N2/V1, Apple M) the bound is memory access:
// 6 register loads (3 cycles) and 4 register stores (2 to 4 cycles) per 8
// elements; issue needs 3.25 cycles, the 6 FP ops 3.
//
//go:noescape
func momentumNEON(w, g, vel []float32, nlr, mu float32)

// adagradNEON applies one Adagrad step.
//
//	for i, gi := range g {
//		mi := fma32(gi, gi, m[i])
//		m[i] = mi
//		w[i] -= float32(lr*gi) / sqrt32(mi+eps)
//	}
//
// Main loop, per 8 elements: 3 LD1 and 2 ST1, 2 FMLA, 2 FADD, 2 FSQRT,
// 2 FMUL, 2 FDIV, 2 FSUB, SUBS, B.PL = 19 instructions (2.4 per element).
// The bound is the divide/square-root unit: 2 FSQRT and 2 FDIV of 4 lanes
// per 8 elements. On Neoverse N2/V1 a .4s FDIV or FSQRT issues roughly
// every 5-10 cycles on its single non-pipelined unit (per the optimization
// guides; to be measured), so expect ~2.5-5 cycles per element rather
// than the ~5 cycles per 8 elements of issue.
//
//go:noescape
func adagradNEON(w, g, m []float32, lr, eps float32)

// adamNEON applies one Adam step with a = lr/c1, b = 1/c2, ob1 = 1-b1 and
// ob2 = 1-b2 computed once by Adam, as for the twin.
//
//	for i, gi := range g {
//		mi := fma32(b1, m[i], float32(ob1*gi))
//		vi := fma32(b2, v[i], float32(float32(ob2*gi)*gi))
//		m[i], v[i] = mi, vi
//		den := sqrt32(float32(vi*b)) + eps
//		w[i] -= float32(a*mi) / den
//	}
//
// Main loop, per 8 elements: 4 LD1 and 3 ST1, 10 FMUL, 4 FMLA, 2 FSQRT,
// 2 FADD, 2 FDIV, 2 FSUB, SUBS, B.PL = 31 instructions (3.9 per element).
// Bound as for Adagrad: the FDIV and FSQRT unit, 2 of each per 8 elements;
// the other 18 FP ops need 9 cycles on two pipes.
//
//go:noescape
func adamNEON(w, g, m, v []float32, b1, ob1, b2, ob2, a, b, eps float32)
