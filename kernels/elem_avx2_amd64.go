//go:build amd64 && !purego && !noasm

package kernels

import "math"

// elemConsts holds the constants of the element-wise kernels (defined in
// elementwise_generic.go), each broadcast to eight lanes so that assembly
// uses it as a 256-bit memory operand; elem_avx2_amd64.h names the rows.
var elemConsts = [...][8]uint32{
	splat(0x7fffffff),    // 0 ABS: clears the sign bit
	splatF(expMin),       // 1 EXPMIN
	splatF(expMax),       // 2 EXPMAX
	splatF(log2e),        // 3 LOG2E
	splatF(expMag),       // 4 MAGIC
	splatF(-ln2Hi),       // 5 NLN2HI
	splatF(-ln2Lo),       // 6 NLN2LO
	splatF(expC6),        // 7 C6
	splatF(expC5),        // 8 C5
	splatF(expC4),        // 9 C4
	splatF(expC3),        // 10 C3
	splatF(expC2),        // 11 C2
	splatF(1),            // 12 ONE
	splat(expBias),       // 13 BIAS
	splat(127),           // 14 I127
	splatF(tanhPolyMax),  // 15 TPOLYMAX
	splatF(tanhMax),      // 16 TMAX
	splatF(tanhT4),       // 17 T4
	splatF(tanhT3),       // 18 T3
	splatF(tanhT2),       // 19 T2
	splatF(tanhT1),       // 20 T1
	splatF(tanhT0),       // 21 T0
	splatF(2),            // 22 TWO
	splat(expBias - 127), // 23 TBIAS
	splatF(expMag2),      // 24 MAGIC2
	splat(expBias2),      // 25 BIAS2
	splatF(expFast),      // 26 EXPFAST
	splat(0x80000000),    // 27 SIGN
}

func splat(v uint32) (a [8]uint32) {
	for i := range a {
		a[i] = v
	}
	return a
}

func splatF(v float32) [8]uint32 { return splat(math.Float32bits(v)) }

// lastMask holds eight zero lanes followed by eight all-ones lanes. The
// eight int32 at index r have their last r lanes set: the lanes of an
// overlapping final vector that the main loop did not cover.
var lastMask = [16]int32{8: -1, -1, -1, -1, -1, -1, -1, -1}
