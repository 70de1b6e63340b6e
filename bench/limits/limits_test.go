package limits

import (
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/simdrnn/simdrnn/internal/cpu"
)

// The loops must compute what their Go specification computes, so that the
// timed work is the work counted: every FMA executed, every byte read.
func TestFMALoopCounts(t *testing.T) {
	forEachMethod(t, testFMALoopCounts)
}

// forEachMethod runs f as a subtest once per method this CPU runs (the
// widest first, which is the default), with that method in use.
func forEachMethod(t *testing.T, f func(t *testing.T)) {
	ms := methods()
	defer setMethod(ms[0])
	if Method() != ms[0] {
		t.Fatalf("Method() = %q, want the widest, %q", Method(), ms[0])
	}
	for _, m := range ms {
		setMethod(m)
		t.Run(m, f)
	}
}

func testFMALoopCounts(t *testing.T) {
	for _, n := range []int{1, 2, 3, 100, 1000} {
		want := float32(n * fmaAccs * fmaLanes / 2) // a*b = 0.5, exact below 2^24
		if got := fmaLoop(n, 1, 0.5); got != want {
			t.Errorf("fmaLoop(%d, 1, 0.5) = %v, want %v", n, got, want)
		}
		if got := fmaGo(n, 1, 0.5); got != want {
			t.Errorf("fmaGo(%d, 1, 0.5) = %v, want %v", n, got, want)
		}
	}
}

func TestReadLoopSums(t *testing.T) { forEachMethod(t, testReadLoopSums) }

func testReadLoopSums(t *testing.T) {
	for _, blocks := range []int{1, 2, 3, 17, 256} {
		n := blocks * readBlock
		buf := alignedFloats(2*n + 3)
		var want float32
		for i := range buf {
			buf[i] = float32((i*7 + blocks) % 5) // small integers: every sum exact
			if i < 2*n {
				want += buf[i]
			}
		}
		x, y := buf[:n], buf[n:] // y is longer than x: only len(x) of it is read
		for _, passes := range []int{1, 2, 5} {
			w := want * float32(passes)
			if got := readLoop(x, y, passes); got != w {
				t.Errorf("readLoop(%d floats x 2, %d passes) = %v, want %v", n, passes, got, w)
			}
			if got := readGo(x, y, passes); got != w {
				t.Errorf("readGo(%d floats x 2, %d passes) = %v, want %v", n, passes, got, w)
			}
		}
	}
}

func TestWriteLoop(t *testing.T) { forEachMethod(t, testWriteLoop) }

func testWriteLoop(t *testing.T) {
	for _, blocks := range []int{1, 2, 3, 17} {
		n := blocks * writeBlock
		buf := alignedFloats(n + 8)
		for i := range buf {
			buf[i] = -1
		}
		for _, f := range []func([]float32, float32, int){writeLoop, writeGo} {
			f(buf[:n], float32(blocks), 3)
			for i, v := range buf {
				want := float32(blocks)
				if i >= n {
					want = -1 // past the end: untouched
				}
				if v != want {
					t.Fatalf("%d floats: x[%d] = %v, want %v", n, i, v, want)
				}
			}
		}
	}
}

func TestAligned(t *testing.T) {
	for n := 1; n < 40; n++ {
		x := alignedFloats(n)
		if len(x) != n || cap(x) != n {
			t.Fatalf("alignedFloats(%d): len %d cap %d", n, len(x), cap(x))
		}
	}
}

// TestSanity checks the measured limits against each other and against the
// nominal FMA rate, for every assembly method this CPU runs (the Go loops
// only where there is none): read bandwidth must fall from L1 to L2 to
// DRAM, and the FMA peak must be near the nominal clock x 2 FMA pipes x
// lanes x 2. It takes about a second per method; it is skipped under -short
// (and so under qemu in CI, where timings say nothing about a real core).
func TestSanity(t *testing.T) {
	if testing.Short() {
		t.Skip("timing test; skipped under -short")
	}
	forEachMethod(t, func(t *testing.T) {
		if Method() == "go" && len(methods()) > 1 {
			t.Skip("assembly measured instead")
		}
		testSanity(t)
	})
}

func testSanity(t *testing.T) {
	info := cpu.Describe()
	l1, l2, l3 := info.Cache.L1D, info.Cache.L2, info.Cache.L3
	if l1 <= 0 || l2 <= 0 {
		t.Skipf("cache sizes unknown (L1d %d, L2 %d)", l1, l2)
	}
	d, reps := 250*time.Microsecond, 40
	bw := func(name string, bytes int) float64 {
		g, passes := Read(bytes, d, reps)
		t.Logf("read %-4s %9d bytes: %7.1f GB/s (%d passes)", name, bytes, g, passes)
		return g
	}
	r1 := bw("L1", l1/2)
	r2 := bw("L2", l2/2)
	r3 := bw("L3", l3/4)
	dram := max(4*l3, 64<<20)
	rd := bw("DRAM", dram)
	if Method() == "go" {
		// Scalar Go loops are bound by their adds, not by the caches.
		t.Skip("Go fallback: the read loop is compute-bound; no ordering to check")
	}
	// The L3 footprint is a quarter of an L3 that other cores (or, in a
	// virtual machine, other guests) share: where they crowd it out it reads
	// at DRAM's rate, so L3 is only required not to fall far below DRAM.
	if !(r1 > r2 && r2 > rd && r3 > 0.75*rd) {
		t.Errorf("read bandwidth not decreasing: L1 %.1f, L2 %.1f, L3 %.1f, DRAM %.1f GB/s", r1, r2, r3, rd)
	}
	wb := func(name string, bytes int) float64 {
		g, passes := Write(bytes, d, reps)
		t.Logf("write %-4s %9d bytes: %7.1f GB/s (%d passes)", name, bytes, g, passes)
		return g
	}
	w1, wd := wb("L1", l1/2), wb("DRAM", dram)
	if Method() != "go" && !(w1 > wd) {
		t.Errorf("write bandwidth L1 %.1f <= DRAM %.1f GB/s", w1, wd)
	}
	g, best, iters := FMA(d, reps)
	t.Logf("FMA peak %.1f GFLOP/s (%s, best %v, %d iterations)", g, Method(), best, iters)
	perCycle := map[string]float64{"avx2": 32, "avx512": 64}[Method()]
	if perCycle == 0 {
		t.Skipf("no nominal figure for method %q", Method())
	}
	hz, src := float64(info.HzNom), "cpuid"
	if hz <= 0 {
		hz, src = procMHz()*1e6, "/proc/cpuinfo"
	}
	if hz <= 0 {
		t.Skip("nominal clock unknown")
	}
	nominal := hz * perCycle / 1e9
	t.Logf("nominal %.1f GFLOP/s (%.2f GHz from %s x %g flops/cycle)", nominal, hz/1e9, src, perCycle)
	// AVX-512 CPUs with one 512-bit FMA unit, or with 512-bit operations
	// split in two (AMD Zen 4), reach half of two units' rate.
	lo := nominal / 2
	if Method() == "avx512" {
		lo = nominal / 4
	}
	if g < lo || g > nominal*2 {
		t.Errorf("FMA peak %.1f GFLOP/s not within [%.1f, %.1f] (nominal %.1f)", g, lo, 2*nominal, nominal)
	}
}

// procMHz returns the first "cpu MHz" of /proc/cpuinfo, 0 if there is none
// (cpuid reports no clock when the brand string has none, as in some VMs).
func procMHz() float64 {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if ok && strings.TrimSpace(k) == "cpu MHz" {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err == nil {
				return f
			}
		}
	}
	return 0
}
