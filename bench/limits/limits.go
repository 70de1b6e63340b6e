// Package limits measures the limits of one core of this machine that bound
// how fast a float32 kernel can run: the peak rate of fused multiply-adds and
// the read bandwidth from each level of the memory hierarchy.
//
// On amd64 the measurements are small assembly loops with the widest
// vectors the CPU has. With AVX-512 (F, VL, DQ, BW): twenty-four
// independent 16-lane FMA chains, a read loop of eight 64-byte loads per
// iteration, from two streams, feeding eight independent adds, and a write
// loop of eight 64-byte stores per iteration. Without AVX-512 but with AVX2
// and FMA3, the same with 256-bit vectors: twelve independent 8-lane FMA
// chains (enough to fill two FMA pipes with a latency of up to six cycles),
// eight 32-byte loads and eight 32-byte stores per iteration. A CPU with
// 512-bit FMA units reaches up to twice the FLOP/s and more L1 bandwidth
// with 512-bit vectors, so limits measured with 256-bit ones would flatter
// every kernel of the avx512 tier. On arm64 the loops are NEON:
// twenty-four independent 4-lane FMLA chains, 128-byte VLD1 reads and
// 128-byte VST1 writes. On
// any other platform, or with the purego or noasm build tags, the same loops
// are written in Go; Method then returns "go" and the figures describe what
// scalar Go code reaches, not the hardware.
//
// Every figure is the best of several short repetitions, so that a core
// shared with other work reports its own peak rather than its share.
package limits

import (
	"time"
	"unsafe"
)

// Method names how the limits are measured, and so the vector width:
// "avx512" (512-bit vectors), "avx2" (256-bit) or "neon" (128-bit) for the
// assembly loops, "go" for the portable Go fallback.
func Method() string { return method() }

// flopsPerIter is the number of floating-point operations one iteration of
// the FMA loop performs: accumulators x lanes x 2.
func flopsPerIter() int { return fmaAccs * fmaLanes * 2 }

// FMA measures the peak rate of fused multiply-adds in GFLOP/s (one FMA on
// one lane counts as two operations). It runs reps repetitions of about d
// each and returns the best, with the duration and iteration count of that
// repetition.
func FMA(d time.Duration, reps int) (gflops float64, best time.Duration, iters int) {
	iters = calibrate(d, func(n int) { fmaLoop(n, 1, 0.5) })
	best = bestOf(reps, func() { fmaLoop(iters, 1, 0.5) })
	return float64(iters*flopsPerIter()) / best.Seconds() / 1e9, best, iters
}

// Chunk is the largest block the read measurement times at once. A
// footprint larger than Chunk is read chunk by chunk, each chunk timed on its
// own, so that no timed unit is long enough to be cut by a preemption.
const Chunk = 4 << 20

// Read measures the read bandwidth in GB/s (1e9 bytes per second) of a
// buffer of about footprint bytes, read over and over as two streams (its
// two halves side by side), as kernels with two inputs read.
//
// A footprint of at most Chunk is read whole, repeatedly, in runs of about
// d; the best of reps runs counts. A larger footprint is read chunk by
// chunk, in order, after a warm-up pass, each chunk timed alone, for at
// least two passes and 3*reps chunks; the fastest chunk counts. Since the buffer is read in order,
// a chunk was last touched one pass earlier, so it comes from the level
// that holds the whole footprint. passes is the number of timed passes
// over the buffer.
func Read(footprint int, d time.Duration, reps int) (gbs float64, passes int) {
	n := max(2*readBlock, footprint/4/(2*readBlock)*(2*readBlock))
	buf := alignedFloats(n)
	for i := range buf {
		buf[i] = float32(i & 3)
	}
	h := n / 2
	readLoop(buf[:h], buf[h:], 1) // fault the pages in and warm the caches
	if 4*n <= Chunk {
		passes = calibrate(d, func(k int) { readLoop(buf[:h], buf[h:], k) })
		best := bestOf(reps, func() { readLoop(buf[:h], buf[h:], passes) })
		return float64(4*n*passes) / best.Seconds() / 1e9, passes
	}
	cn := Chunk / 8 / readBlock * readBlock // per stream
	best := time.Duration(1<<63 - 1)
	chunks := 0
	for passes = 0; passes < 2 || chunks < 3*reps; passes++ {
		for i := 0; i+cn <= h; i += cn {
			t0 := time.Now()
			readLoop(buf[i:i+cn], buf[h+i:h+i+cn], 1)
			best = min(best, time.Since(t0))
			chunks++
		}
	}
	return float64(8*cn) / best.Seconds() / 1e9, passes
}

// Write measures the write bandwidth in GB/s of a buffer of about
// footprint bytes, overwritten again and again with plain stores (which, to
// DRAM, also read each line for ownership, as kernels' stores do). Timing is
// as for Read: whole passes for footprints up to Chunk, chunk by chunk
// above.
func Write(footprint int, d time.Duration, reps int) (gbs float64, passes int) {
	n := max(writeBlock, footprint/4/writeBlock*writeBlock)
	buf := alignedFloats(n)
	writeLoop(buf, 1, 1) // fault the pages in and warm the caches
	if 4*n <= Chunk {
		passes = calibrate(d, func(k int) { writeLoop(buf, 2, k) })
		best := bestOf(reps, func() { writeLoop(buf, 3, passes) })
		return float64(4*n*passes) / best.Seconds() / 1e9, passes
	}
	cn := Chunk / 4 / writeBlock * writeBlock
	best := time.Duration(1<<63 - 1)
	chunks := 0
	for passes = 0; passes < 2 || chunks < 3*reps; passes++ {
		for i := 0; i+cn <= n; i += cn {
			t0 := time.Now()
			writeLoop(buf[i:i+cn], float32(passes), 1)
			best = min(best, time.Since(t0))
			chunks++
		}
	}
	return float64(4*cn) / best.Seconds() / 1e9, passes
}

// alignedFloats returns n float32 starting at a 64-byte boundary.
func alignedFloats(n int) []float32 {
	b := make([]float32, n+16)
	off := 0
	for uintptr(unsafe.Pointer(&b[off]))%64 != 0 {
		off++
	}
	return b[off : off+n : off+n]
}

// calibrate returns the iteration count k for which f(k) takes about d
// (at least 1).
func calibrate(d time.Duration, f func(k int)) int {
	f(1) // warm up: page faults, caches, an emulator's translation
	k := 1
	for {
		t0 := time.Now()
		f(k)
		el := time.Since(t0)
		if el >= d/4 || k >= 1<<30 {
			return max(1, int(float64(k)*float64(d)/float64(max(el, 1))))
		}
		if el <= 0 {
			k *= 100
			continue
		}
		k = int(float64(k) * min(100, float64(d)/4/float64(el)*1.2+1))
	}
}

// bestOf returns the shortest of reps runs of f.
func bestOf(reps int, f func()) time.Duration {
	best := time.Duration(1<<63 - 1)
	for range max(1, reps) {
		t0 := time.Now()
		f()
		best = min(best, time.Since(t0))
	}
	return best
}
