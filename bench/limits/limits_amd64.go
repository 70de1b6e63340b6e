//go:build amd64 && !purego && !noasm

package limits

import "github.com/simdrnn/simdrnn/internal/cpu"

// The loops use the widest vectors the CPU has: 512-bit (avx512) where
// AVX-512 F, VL, DQ and BW run, else 256-bit (avx2) with AVX2 and FMA3,
// else Go.
const (
	readBlock  = 64  // float32 read per stream per iteration of the read loop (avx512: 4 x 64 bytes; avx2 does two 32-float iterations)
	writeBlock = 128 // float32 written per iteration of the write loop (avx512: 8 x 64 bytes; avx2 does two 64-float iterations)
)

var (
	level             = best()
	fmaAccs, fmaLanes = fmaShape(level)
)

// best returns the widest method this CPU runs.
func best() string {
	switch {
	case cpu.X86AVX512:
		return "avx512"
	case cpu.X86AVX2FMA:
		return "avx2"
	}
	return "go"
}

// fmaShape returns the independent accumulators and the float32 lanes per
// accumulator of the FMA loop of method m.
func fmaShape(m string) (accs, lanes int) {
	switch m {
	case "avx512":
		return 24, 16 // zmm registers
	case "avx2":
		return 12, 8 // ymm registers
	}
	return 1, 8 // the Go loop keeps eight scalar accumulators
}

// setMethod makes the loops use method m ("avx512", "avx2" or "go"), which
// must run on this CPU; tests use it to measure each width.
func setMethod(m string) {
	level = m
	fmaAccs, fmaLanes = fmaShape(m)
}

// methods returns the methods this CPU runs, widest first.
func methods() []string {
	var ms []string
	if cpu.X86AVX512 {
		ms = append(ms, "avx512")
	}
	if cpu.X86AVX2FMA {
		ms = append(ms, "avx2")
	}
	return append(ms, "go")
}

func method() string { return level }

func fmaLoop(n int, a, b float32) float32 {
	switch level {
	case "avx512":
		return fmaAVX512(n, a, b)
	case "avx2":
		return fmaAVX2(n, a, b)
	}
	return fmaGo(n, a, b)
}

func readLoop(x, y []float32, passes int) float32 {
	switch level {
	case "avx512":
		return readAVX512(x, y, passes)
	case "avx2":
		return readAVX2(x, y, passes)
	}
	return readGo(x, y, passes)
}

func writeLoop(x []float32, v float32, passes int) {
	switch level {
	case "avx512":
		writeAVX512(x, v, passes)
	case "avx2":
		writeAVX2(x, v, passes)
	default:
		writeGo(x, v, passes)
	}
}

// writeAVX2 is writeGo in AVX2 assembly: eight 32-byte stores of v per
// iteration, passes times over x. len(x) must be a positive multiple of 64
// and passes >= 1.
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
// len(x) must be a positive multiple of 32, len(y) >= len(x), and
// passes >= 1.
//
//go:noescape
func readAVX2(x, y []float32, passes int) float32

// fmaAVX512 is fmaGo in AVX-512 assembly: n iterations of twenty-four
// independent VFMADD231PS on 16 lanes each (acc += a*b), enough to fill two
// 512-bit FMA pipes with a latency of up to twelve cycles, then the sum of
// all 384 lanes. n must be >= 1.
//
//go:noescape
func fmaAVX512(n int, a, b float32) float32

// readAVX512 is readGo in AVX-512 assembly: it adds x into four and y into
// four 16-lane accumulators with VADDPS from memory, 256 bytes of each per
// iteration (eight 64-byte loads), passes times over x and y, and returns
// the sum of the lanes. len(x) must be a positive multiple of 64,
// len(y) >= len(x), and passes >= 1.
//
//go:noescape
func readAVX512(x, y []float32, passes int) float32

// writeAVX512 is writeGo in AVX-512 assembly: eight 64-byte stores of v per
// iteration, passes times over x. len(x) must be a positive multiple of 128
// and passes >= 1.
//
//go:noescape
func writeAVX512(x []float32, v float32, passes int)
