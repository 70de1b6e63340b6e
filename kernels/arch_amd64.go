//go:build amd64 && !purego && !noasm

package kernels

import "github.com/simdrnn/simdrnn/internal/cpu"

// archTiers returns the amd64 assembly tiers, worst first.
//
// avx2: AVX2 + FMA3 (and F16C) with 256-bit vectors; tails use VMASKMOVPS,
// which does not fault on masked-off lanes, so no kernel reads or writes
// past a slice.
//
// avx512: AVX512F, VL, DQ and BW (with the OS saving ZMM and opmask state)
// on top of avx2; tails use opmask registers, which suppress faults on
// masked-off lanes. Kernels it does not fill are avx2's.
func archTiers() []tier {
	return []tier{
		{name: "avx2", available: cpu.X86AVX2FMA, requires: cpu.AVX2Features, fill: avx2Funcs},
		{name: "avx512", available: cpu.X86AVX512, requires: cpu.AVX512Features, fill: avx512Funcs},
	}
}

func avx2Funcs(f *funcs) {
	f.dot = dotAVX2
	f.axpy = axpyAVX2
	f.scale = scaleAVX2
	f.ger = gerAVX2
	f.matVec = matVecAVX2
	f.matVecT = matVecTAVX2
	f.gerK = gerKAVX2
	f.tanh = tanhAVX2
	f.tanhBackward = tanhBackwardAVX2
	f.sigmoid = sigmoidAVX2
	f.lstmForward, f.lstmBackward = lstmForwardAVX2, lstmBackwardAVX2
	f.gruForward, f.gruBackward = gruForwardAVX2, gruBackwardAVX2
	f.exp = expAVX2
	f.max = maxAVX2
	f.expShiftSum = expShiftSumAVX2
	f.adagrad = adagradAVX2
	f.adam = adamAVX2
	f.momentum = momentumAVX2
	f.clip = clipAVX2
	f.sumSquares = sumSquaresAVX2
	f.matVecF16, f.matVecBF16 = matVecF16AVX2, matVecBF16AVX2
	f.gemm = gemmAVX2
}

func avx512Funcs(f *funcs) {
	f.dot = dotAVX512
	f.axpy = axpyAVX512
	f.scale = scaleAVX512
	f.clip = clipAVX512
	f.sumSquares = sumSquaresAVX512
	f.adagrad = adagradAVX512
	f.adam = adamAVX512
	f.momentum = momentumAVX512
	f.tanh = tanhAVX512
	f.tanhBackward = tanhBackwardAVX512
	f.sigmoid = sigmoidAVX512
	f.lstmForward, f.lstmBackward = lstmForwardAVX512, lstmBackwardAVX512
	f.gruForward, f.gruBackward = gruForwardAVX512, gruBackwardAVX512
	f.exp = expAVX512
	f.max = maxAVX512
	f.expShiftSum = expShiftSumAVX512
	f.matVec = matVecAVX512
	f.matVecT = matVecTAVX512
	f.ger = gerAVX512
	f.gerK = gerKRowsAVX512
	f.matVecF16, f.matVecBF16 = matVecF16AVX512, matVecBF16AVX512
	f.gemm = gemmAVX512
}

// tailMask holds eight all-ones lanes followed by eight zero lanes. The
// eight int32 at index 8-r have their first r lanes set: the VMASKMOVPS mask
// for a tail of r < 8 elements. Assembly reads it as ·tailMask(SB).
var tailMask = [16]int32{-1, -1, -1, -1, -1, -1, -1, -1}
