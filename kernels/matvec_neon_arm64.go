//go:build arm64 && !purego && !noasm

package kernels

// matVecNEON computes y = W x, or y += W x when add is set, for the
// row-major len(y) x len(x) matrix w; len(w) >= len(y)*len(x).
//
//	n := len(x)
//	for i := range y {
//		var s float32
//		for j, v := range x {
//			s += w[i*n+j] * v
//		}
//		if add {
//			s += y[i]
//		}
//		y[i] = s
//	}
//
// Four rows at a time share each load of x; each row has two 4-lane
// accumulators (8 columns per iteration), so 8 independent FMLA chains
// cover the 4-cycle latency of two FMA pipes. Then 4 columns, then at most
// 3 scalar FMADDs per row. The four rows' accumulators are reduced together
// with FADDP into one vector of four results. Remaining rows (len(y) mod 4)
// go one at a time the same way.
//
// Main loop, per 4 rows x 8 columns (32 elements of W): 5 LD1 (2 registers
// each: x and four rows), 8 FMLA, SUBS, B.PL = 15 instructions (0.47 per
// element of W). On a 4-wide core with two FMA pipes and two 128-bit loads
// per cycle (Neoverse N2/V1, Apple M) the bound is the 10 register loads: 5
// cycles per 32 elements, 6.4 elements (12.8 flops) per cycle while W is in
// L1; the FMAs need 4 cycles, issue 3.75. Beyond L1 the bound is W's
// bandwidth, 4 bytes per element.
//
//go:noescape
func matVecNEON(y, w, x []float32, add bool)

// matVecTNEONAdd computes y += W^T x for the row-major len(x) x len(y) matrix
// w; len(w) >= len(x)*len(y). (matVecTNEON clears y first for y = W^T x.)
//
//	n := len(y)
//	for i, xi := range x {
//		for j := range y {
//			y[j] += xi * w[i*n+j]
//		}
//	}
//
// Four rows of W at a time: y[j:j+16] is loaded once, receives four FMLAs
// per register (rows i..i+3, in the generic twin's order, so the results
// agree with it bit for bit where Go fuses the multiply-add) and is stored
// once. Then 4 columns, then at most 3 scalar columns; remaining rows one
// at a time.
//
// Main loop, per 4 rows x 16 columns (64 elements of W): 5 LD1 (y and four
// rows, 4 registers each), 16 FMLA, 1 ST1 (4 registers), SUBS, B.PL = 24
// instructions (0.375 per element of W). Bound on a 4-wide core with two
// FMA pipes and two 128-bit loads per cycle: the 20 register loads, 10
// cycles per 64 elements, 6.4 elements per cycle from L1; the FMAs need 8
// cycles, issue 6. Each y register's four FMLAs are a dependent chain (16
// cycles), so the next column block's chains, which are independent, must
// overlap it out of order: about two iterations in flight.
//
//go:noescape
func matVecTNEONAdd(y, w, x []float32)

// matVecTNEON adapts matVecTNEONAdd to funcs.matVecT.
func matVecTNEON(y, w, x []float32, add bool) {
	if !add {
		clear(y)
	}
	matVecTNEONAdd(y, w, x)
}
