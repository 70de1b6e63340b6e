//go:build amd64 && !purego && !noasm

package limits

import "github.com/simdrnn/simdrnn/internal/cpu"

const (
	fmaAccs    = 12 // independent accumulators (ymm registers) of the FMA loop
	fmaLanes   = 8  // float32 lanes per accumulator
	readBlock  = 32 // float32 read per stream per iteration of the read loop (4 x 32 bytes)
	writeBlock = 64 // float32 written per iteration of the write loop (8 x 32 bytes)
)

var useAsm = cpu.X86AVX2FMA

func method() string {
	if useAsm {
		return "avx2"
	}
	return "go"
}

func fmaLoop(n int, a, b float32) float32 {
	if useAsm {
		return fmaAVX2(n, a, b)
	}
	return fmaGo(n, a, b)
}

func readLoop(x, y []float32, passes int) float32 {
	if useAsm {
		return readAVX2(x, y, passes)
	}
	return readGo(x, y, passes)
}

func writeLoop(x []float32, v float32, passes int) {
	if useAsm {
		writeAVX2(x, v, passes)
		return
	}
	writeGo(x, v, passes)
}

// writeAVX2 is writeGo in AVX2 assembly: eight 32-byte stores of v per
// iteration, passes times over x. len(x) must be a positive multiple of
// writeBlock and passes >= 1.
//
//go:noescape
func writeAVX2(x []float32, v float32, passes int)

// fmaAVX2 is fmaGo in AVX2+FMA3 assembly: n iterations of twelve
// independent VFMADD231PS on 8 lanes each (acc += a*b), then the sum of all
// 96 lanes. n must be >= 1.
//
//go:noescape
func fmaAVX2(n int, a, b float32) float32

// readAVX2 is readGo in AVX2 assembly: it adds x into four and y into four
// 8-lane accumulators with VADDPS from memory, 128 bytes of each per
// iteration, passes times over x and y, and returns the sum of the lanes.
// len(x) must be a positive multiple of readBlock, len(y) >= len(x), and
// passes >= 1.
//
//go:noescape
func readAVX2(x, y []float32, passes int) float32
