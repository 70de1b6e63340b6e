package kernels_test

import (
	"fmt"
	"math"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/simdrnn/simdrnn/internal/testutil"
	"github.com/simdrnn/simdrnn/kernels"
)

// skipUnlessExhaustive skips the exhaustive tests, which take minutes, unless
// SIMDRNN_EXHAUSTIVE=1 is set (and -short is not): CI runs them in a step
// of their own, natively, once per tier.
func skipUnlessExhaustive(t *testing.T) {
	if testing.Short() || os.Getenv("SIMDRNN_EXHAUSTIVE") != "1" {
		t.Skip("exhaustive test: run with SIMDRNN_EXHAUSTIVE=1 (and without -short)")
	}
}

// exhaustiveResult collects what the workers of an exhaustive test found.
type exhaustiveResult struct {
	mu       sync.Mutex
	maxULP   int64
	worstX   float32
	failures int64
	msgs     []string
	diffBits int64 // inputs where the tier and the pure-Go twin differ
}

func (r *exhaustiveResult) fail(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.failures++
	if len(r.msgs) < 20 {
		r.msgs = append(r.msgs, fmt.Sprintf(format, args...))
	}
}

// forAllChunks calls f(lo, hi) for consecutive chunks covering the 32-bit
// patterns [0, total), on all cores.
func forAllChunks(total uint64, f func(lo, hi uint64)) {
	const chunk = 1 << 16
	var next atomic.Uint64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				lo := next.Add(chunk) - chunk
				if lo >= total {
					return
				}
				f(lo, min(lo+chunk, total))
			}
		}()
	}
	wg.Wait()
}

// TestTanhExhaustive checks Tanh on every float32 input against
// float32(math.Tanh(float64(x))), once per tier: at most 2 ULP, the sign of
// the result equal to the sign of the correctly rounded one (so tanh(-0) =
// -0), no early saturation (1 only where the correctly rounded result is
// 1), NaN for NaN, and exact odd symmetry (Tanh(-x) has exactly the bits of
// Tanh(x) with the sign flipped). Non-assembly tiers are also compared bit
// for bit with the pure-Go twin. It takes 2^31 references per tier.
func TestTanhExhaustive(t *testing.T) {
	skipUnlessExhaustive(t)
	testutil.ForEachImpl(t, func(t *testing.T) {
		start := time.Now()
		isGeneric := kernels.Implementation() == "generic"
		var res exhaustiveResult
		hist := make([]atomic.Int64, 4)
		forAllChunks(1<<31, func(lo, hi uint64) {
			n := int(hi - lo)
			src := make([]float32, n)
			neg := make([]float32, n)
			dst := make([]float32, n)
			dneg := make([]float32, n)
			twin := make([]float32, n)
			for i := range src {
				src[i] = math.Float32frombits(uint32(lo) + uint32(i))
				neg[i] = -src[i]
			}
			kernels.Tanh(dst, src)
			kernels.Tanh(dneg, neg)
			if isGeneric {
				copy(twin, dst)
			} else {
				kernels.TanhGeneric(twin, src)
			}
			var maxU int64
			var worst float32
			var diff int64
			var h [4]int64
			for i, x := range src {
				got := dst[i]
				want := float32(1) // for x >= 9.1, 1-tanh(x) < 2e^-18.2 < 2^-25: rounds to 1
				if x < 9.1 || x != x {
					want = float32(math.Tanh(float64(x)))
				}
				u := testutil.ULP(got, want)
				if u > maxU {
					maxU, worst = u, x
				}
				h[min(u, 3)]++
				switch {
				case u > 2:
					res.fail("Tanh(%v) = %v, want %v (%d ULP)", x, got, want, u)
				case want == want && math.Signbit(float64(got)) != math.Signbit(float64(want)):
					res.fail("Tanh(%v) = %v, want %v: wrong sign", x, got, want)
				case got == 1 && want != 1:
					res.fail("Tanh(%v) = 1, early saturation: correctly rounded %v", x, want)
				}
				if !sameBits(dneg[i], -got) {
					res.fail("Tanh(%v) = %v but Tanh(%v) = %v: not odd", x, got, -x, dneg[i])
				}
				if !sameBits(twin[i], got) {
					diff++
				}
			}
			for i := range h {
				hist[i].Add(h[i])
			}
			res.mu.Lock()
			if maxU > res.maxULP {
				res.maxULP, res.worstX = maxU, worst
			}
			res.diffBits += diff
			res.mu.Unlock()
		})
		for _, m := range res.msgs {
			t.Error(m)
		}
		if res.failures > 0 {
			t.Errorf("%d failures", res.failures)
		}
		if kernels.Implementation() != "generic" && res.diffBits > 0 {
			t.Errorf("%s differs from the pure-Go twin on %d non-negative inputs", kernels.Implementation(), res.diffBits)
		}
		t.Logf("%s: max error %d ULP (at x = %v); inputs >= 0 with 0/1/2/>2 ULP: %d/%d/%d/%d; differs from generic on %d; %v",
			kernels.Implementation(), res.maxULP, res.worstX, hist[0].Load(), hist[1].Load(), hist[2].Load(), hist[3].Load(),
			res.diffBits, time.Since(start).Round(time.Second))
	})
}

// TestExpExhaustive checks Exp on all 2^32 float32 inputs against
// float32(math.Exp(float64(x))), once per tier: at most 1 ULP wherever the
// correctly rounded result is finite and nonzero (subnormal results
// included: they are computed, not flushed), +Inf exactly where it
// overflows, +0 exactly where it rounds to 0, NaN for NaN; and bit for bit
// equal to the pure-Go twin.
func TestExpExhaustive(t *testing.T) {
	skipUnlessExhaustive(t)
	testutil.ForEachImpl(t, func(t *testing.T) {
		start := time.Now()
		isGeneric := kernels.Implementation() == "generic"
		var res exhaustiveResult
		var sub atomic.Int64
		forAllChunks(1<<32, func(lo, hi uint64) {
			n := int(hi - lo)
			src := make([]float32, n)
			dst := make([]float32, n)
			twin := make([]float32, n)
			for i := range src {
				src[i] = math.Float32frombits(uint32(lo + uint64(i)))
			}
			kernels.Exp(dst, src)
			if isGeneric {
				copy(twin, dst)
			} else {
				kernels.ExpGeneric(twin, src)
			}
			var maxU int64
			var worst float32
			var diff, nsub int64
			for i, x := range src {
				got := dst[i]
				want := float32(math.Exp(float64(x)))
				u := testutil.ULP(got, want)
				if want != 0 && want < 0x1p-126 {
					nsub++
				}
				switch {
				case math.IsInf(float64(want), 1) || want == 0 || math.IsInf(float64(got), 1) || got == 0:
					if math.Float32bits(got) != math.Float32bits(want) {
						res.fail("Exp(%v) = %v, want %v exactly", x, got, want)
					}
				case u > 1:
					res.fail("Exp(%v) = %v, want %v (%d ULP)", x, got, want, u)
				}
				if u > maxU {
					maxU, worst = u, x
				}
				if !sameBits(twin[i], got) {
					diff++
				}
			}
			sub.Add(nsub)
			res.mu.Lock()
			if maxU > res.maxULP {
				res.maxULP, res.worstX = maxU, worst
			}
			res.diffBits += diff
			res.mu.Unlock()
		})
		for _, m := range res.msgs {
			t.Error(m)
		}
		if res.failures > 0 {
			t.Errorf("%d failures", res.failures)
		}
		if kernels.Implementation() != "generic" && res.diffBits > 0 {
			t.Errorf("%s differs from the pure-Go twin on %d inputs", kernels.Implementation(), res.diffBits)
		}
		t.Logf("%s: max error %d ULP (at x = %v), %d subnormal results checked; differs from generic on %d; %v",
			kernels.Implementation(), res.maxULP, res.worstX, sub.Load(), res.diffBits, time.Since(start).Round(time.Second))
	})
}

// sameBits reports whether a and b have the same bits, or are both NaN.
func sameBits(a, b float32) bool {
	return math.Float32bits(a) == math.Float32bits(b) || (a != a && b != b)
}
