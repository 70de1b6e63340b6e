//go:build arm64 && !purego && !noasm

package limits

import "github.com/simdrnn/simdrnn/internal/cpu"

const (
	fmaAccs    = 24 // independent accumulators (V0..V23) of the FMA loop
	fmaLanes   = 4  // float32 lanes per accumulator
	readBlock  = 16 // float32 read per stream per iteration of the read loop (4 x 16 bytes)
	writeBlock = 32 // float32 written per iteration of the write loop (8 x 16 bytes)
)

var useAsm = cpu.ARM64ASIMD

func method() string {
	if useAsm {
		return "neon"
	}
	return "go"
}

// setMethod makes the loops use method m ("neon" or "go"), which must run
// on this CPU; tests use it to measure each method.
func setMethod(m string) { useAsm = m == "neon" }

// methods returns the methods this CPU runs, widest first.
func methods() []string {
	if cpu.ARM64ASIMD {
		return []string{"neon", "go"}
	}
	return []string{"go"}
}

var ones = [4]float32{1, 1, 1, 1}

func fmaLoop(n int, a, b float32) float32 {
	if !useAsm {
		return fmaGo(n, a, b)
	}
	av := [4]float32{a, a, a, a}
	bv := [4]float32{b, b, b, b}
	var out [fmaAccs * fmaLanes]float32
	fmaNEON(n, &av, &bv, &out)
	return sum(out[:])
}

func readLoop(x, y []float32, passes int) float32 {
	if !useAsm {
		return readGo(x, y, passes)
	}
	var out [32]float32
	readNEON(x, y, passes, &ones, &out)
	return sum(out[:])
}

func writeLoop(x []float32, v float32, passes int) {
	if !useAsm {
		writeGo(x, v, passes)
		return
	}
	var vs [16]float32
	for i := range vs {
		vs[i] = v
	}
	writeNEON(x, &vs, passes)
}

// writeNEON is writeGo in NEON assembly: two 64-byte VST1 of v per
// iteration, passes times over x. len(x) must be a positive multiple of
// writeBlock and passes >= 1.
//
//go:noescape
func writeNEON(x []float32, v *[16]float32, passes int)

// sum adds v pairwise in float32.
func sum(v []float32) float32 {
	for len(v) > 1 {
		if len(v)%2 == 1 {
			v[0] += v[len(v)-1]
			v = v[:len(v)-1]
		}
		h := len(v) / 2
		for i := range h {
			v[i] += v[i+h]
		}
		v = v[:h]
	}
	return v[0]
}

// fmaNEON is fmaGo in NEON assembly: n iterations of twenty-four independent
// 4-lane FMLA (acc += a*b), then stores the 24 accumulators to out. n must be
// >= 1.
//
//go:noescape
func fmaNEON(n int, a, b *[4]float32, out *[fmaAccs * fmaLanes]float32)

// readNEON is readGo in NEON assembly: it loads 64 bytes of x and 64 of y
// per iteration with VLD1 and adds them into eight 4-lane accumulators (FMLA
// by ones), passes times over x and y, and stores the accumulators to out.
// len(x) must be a positive multiple of readBlock, len(y) >= len(x), and
// passes >= 1.
//
//go:noescape
func readNEON(x, y []float32, passes int, ones *[4]float32, out *[32]float32)
