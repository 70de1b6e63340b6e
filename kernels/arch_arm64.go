//go:build arm64 && !purego && !noasm

package kernels

import "github.com/simdrnn/simdrnn/internal/cpu"

// archTiers returns the arm64 assembly tiers, worst first.
//
// neon: Advanced SIMD (ASIMD) with 128-bit vectors, architectural on
// ARMv8-A but gated on what the OS reports. NEON has no masked loads, so
// every kernel finishes with at most 3 scalar elements and reads or writes
// nothing past a slice. Instructions Go's assembler lacks are WORD
// directives encoded from their comments by asm2plan9s, driven and checked
// by asm/cmd/arm64word.
func archTiers() []tier {
	return []tier{
		{name: "neon", available: cpu.ARM64ASIMD, requires: cpu.NEONFeatures, fill: neonFuncs},
	}
}

func neonFuncs(f *funcs) {
	f.dot = dotNEON
	f.axpy = axpyNEON
	f.scale = scaleNEON
	f.matVec = matVecNEON
	f.matVecT = matVecTNEON
	f.ger = gerNEON
	f.gerK = gerKRowsNEON
	f.exp = expNEON
	f.tanh = tanhNEON
	f.tanhBackward = tanhBackwardNEON
	f.sigmoid = sigmoidNEON
	f.lstmForward, f.lstmBackward = lstmForwardNEON, lstmBackwardNEON
	f.gruForward, f.gruBackward = gruForwardNEON, gruBackwardNEON
	f.clip = clipNEON
	f.sumSquares = sumSquaresNEON
	f.momentum = momentumNEON
	f.adagrad = adagradNEON
	f.adam = adamNEON
	f.max = maxNEON
	f.expShiftSum = expShiftSumNEON
	f.matVecF16, f.matVecBF16 = matVecF16NEON, matVecBF16NEON
	f.gemm = gemmNEON
}
