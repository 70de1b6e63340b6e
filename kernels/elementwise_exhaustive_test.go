package kernels_test

import (
	"fmt"
	"math"
	"os"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/simdrnn/simdrnn/internal/testutil"
	"github.com/simdrnn/simdrnn/kernels"
)

// skipUnlessExhaustive skips the exhaustive tests, which take minutes, unless
// SIMDRNN_EXHAUSTIVE=1 is set (and -short is not): CI runs them in a step
// of their own, natively, for every tier.
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

// exhaustiveTier is one tier's kernel under an exhaustive test, and what
// the test found in it.
type exhaustiveTier struct {
	name string
	f    func(dst, src []float32)
	res  exhaustiveResult
	hist [4]atomic.Int64 // Tanh: inputs >= 0 with 0, 1, 2, >2 ULP; Sigmoid: all inputs
	sub  atomic.Int64    // Exp, Sigmoid: subnormal results checked
}

// exhaustiveTiers returns the kernel (tanh or exp) of every tier this CPU
// runs. The tests run them all on each chunk of inputs, so that the float64
// reference and the pure-Go twin are computed once for all tiers; each
// tier's findings are then reported in its own subtest by ForEachImpl,
// which also skips (or, under SIMDRNN_REQUIRE_TIERS, fails) the tiers this
// CPU cannot run.
func exhaustiveTiers(t *testing.T, exp bool) []*exhaustiveTier {
	var tiers []*exhaustiveTier
	for _, name := range kernels.Implementations() {
		tanhF, expF, ok := kernels.TierTanhExp(name)
		if !ok {
			t.Fatalf("tier %s is listed by Implementations but cannot be installed", name)
		}
		f := tanhF
		if exp {
			f = expF
		}
		tiers = append(tiers, &exhaustiveTier{name: name, f: f})
	}
	return tiers
}

// report runs one subtest per registered tier and reports there what the
// exhaustive run found for it.
func report(t *testing.T, tiers []*exhaustiveTier, start time.Time, summary func(*exhaustiveTier) string) {
	elapsed := time.Since(start).Round(time.Second)
	testutil.ForEachImpl(t, func(t *testing.T) {
		i := slices.IndexFunc(tiers, func(x *exhaustiveTier) bool { return x.name == kernels.Implementation() })
		if i < 0 {
			t.Fatalf("tier %s was not run", kernels.Implementation())
		}
		x := tiers[i]
		for _, m := range x.res.msgs {
			t.Error(m)
		}
		if x.res.failures > 0 {
			t.Errorf("%d failures", x.res.failures)
		}
		if x.name != "generic" && x.res.diffBits > 0 {
			t.Errorf("%s differs from the pure-Go twin on %d inputs", x.name, x.res.diffBits)
		}
		t.Logf("%s: %s; differs from generic on %d (all %d tiers in %v)", x.name, summary(x), x.res.diffBits, len(tiers), elapsed)
	})
}

// TestTanhExhaustive checks Tanh on every float32 input against
// float32(math.Tanh(float64(x))), in every tier: at most 2 ULP, the sign of
// the result equal to the sign of the correctly rounded one (so tanh(-0) =
// -0), no early saturation (1 only where the correctly rounded result is
// 1), NaN for NaN, and exact odd symmetry (Tanh(-x) has exactly the bits of
// Tanh(x) with the sign flipped). Assembly tiers are also compared bit for
// bit with the pure-Go twin. It takes 2^31 references.
func TestTanhExhaustive(t *testing.T) {
	skipUnlessExhaustive(t)
	start := time.Now()
	tiers := exhaustiveTiers(t, false)
	forAllChunks(1<<31, func(lo, hi uint64) {
		n := int(hi - lo)
		src := make([]float32, n)
		neg := make([]float32, n)
		want := make([]float32, n)
		twin := make([]float32, n)
		tneg := make([]float32, n)
		dst := make([]float32, n)
		dneg := make([]float32, n)
		for i := range src {
			x := math.Float32frombits(uint32(lo) + uint32(i))
			src[i], neg[i] = x, -x
			want[i] = 1 // for x >= 9.1, 1-tanh(x) < 2e^-18.2 < 2^-25: rounds to 1
			if x < 9.1 || x != x {
				want[i] = float32(math.Tanh(float64(x)))
			}
		}
		kernels.TanhGeneric(twin, src)
		kernels.TanhGeneric(tneg, neg)
		for _, tier := range tiers {
			dst, dneg := dst, dneg
			if tier.name == "generic" {
				dst, dneg = twin, tneg // the generic tier is the twin: computed once
			} else {
				tier.f(dst, src)
				tier.f(dneg, neg)
			}
			res := &tier.res
			var maxU int64
			var worst float32
			var diff int64
			var h [4]int64
			for i, x := range src {
				got, want := dst[i], want[i]
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
				tier.hist[i].Add(h[i])
			}
			res.mu.Lock()
			if maxU > res.maxULP {
				res.maxULP, res.worstX = maxU, worst
			}
			res.diffBits += diff
			res.mu.Unlock()
		}
	})
	report(t, tiers, start, func(x *exhaustiveTier) string {
		return fmt.Sprintf("max error %d ULP (at x = %v); inputs >= 0 with 0/1/2/>2 ULP: %d/%d/%d/%d",
			x.res.maxULP, x.res.worstX, x.hist[0].Load(), x.hist[1].Load(), x.hist[2].Load(), x.hist[3].Load())
	})
}

// TestExpExhaustive checks Exp on all 2^32 float32 inputs against
// float32(math.Exp(float64(x))), in every tier: at most 1 ULP wherever the
// correctly rounded result is finite and nonzero (subnormal results
// included: they are computed, not flushed), +Inf exactly where it
// overflows, +0 exactly where it rounds to 0, NaN for NaN; and bit for bit
// equal to the pure-Go twin.
func TestExpExhaustive(t *testing.T) {
	skipUnlessExhaustive(t)
	start := time.Now()
	tiers := exhaustiveTiers(t, true)
	forAllChunks(1<<32, func(lo, hi uint64) {
		n := int(hi - lo)
		src := make([]float32, n)
		want := make([]float32, n)
		twin := make([]float32, n)
		dst := make([]float32, n)
		var nsub int64
		for i := range src {
			x := math.Float32frombits(uint32(lo + uint64(i)))
			src[i] = x
			want[i] = float32(math.Exp(float64(x)))
			if want[i] != 0 && want[i] < 0x1p-126 {
				nsub++
			}
		}
		kernels.ExpGeneric(twin, src)
		for _, tier := range tiers {
			dst := dst
			if tier.name == "generic" {
				dst = twin // the generic tier is the twin: computed once
			} else {
				tier.f(dst, src)
			}
			res := &tier.res
			var maxU int64
			var worst float32
			var diff int64
			for i, x := range src {
				got, want := dst[i], want[i]
				u := testutil.ULP(got, want)
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
			tier.sub.Add(nsub)
			res.mu.Lock()
			if maxU > res.maxULP {
				res.maxULP, res.worstX = maxU, worst
			}
			res.diffBits += diff
			res.mu.Unlock()
		}
	})
	report(t, tiers, start, func(x *exhaustiveTier) string {
		return fmt.Sprintf("max error %d ULP (at x = %v), %d subnormal results checked", x.res.maxULP, x.res.worstX, x.sub.Load())
	})
}

// sigmoidTiers returns the Sigmoid kernel of every tier this CPU runs.
func sigmoidTiers(t *testing.T) []*exhaustiveTier {
	var tiers []*exhaustiveTier
	for _, name := range kernels.Implementations() {
		f, ok := kernels.TierSigmoid(name)
		if !ok {
			t.Fatalf("tier %s is listed by Implementations but cannot be installed", name)
		}
		tiers = append(tiers, &exhaustiveTier{name: name, f: f})
	}
	return tiers
}

// TestSigmoidExhaustive checks Sigmoid on every float32 input against the
// correctly rounded float64 sigmoid, in every tier: at most 2 ULP (the
// histogram counts all 2^32 inputs), results in [0, 1], exactly 0 or 1
// only where the correctly rounded result is 0 or 1, subnormal results
// computed (not flushed), NaN for NaN; and bit for bit equal to the pure-Go
// twin. Each |x| is one float64 reference, e = exp(-|x|), for both signs:
// sigmoid(|x|) = 1/(1+e), sigmoid(-|x|) = e/(1+e).
func TestSigmoidExhaustive(t *testing.T) {
	skipUnlessExhaustive(t)
	start := time.Now()
	tiers := sigmoidTiers(t)
	forAllChunks(1<<31, func(lo, hi uint64) {
		n := int(hi - lo)
		src := make([]float32, 2*n) // |x| in the first half, -|x| in the second
		want := make([]float32, 2*n)
		twin := make([]float32, 2*n)
		dst := make([]float32, 2*n)
		var nsub int64
		for i := range n {
			x := math.Float32frombits(uint32(lo) + uint32(i))
			src[i], src[n+i] = x, -x
			e := math.Exp(-float64(x))
			want[i], want[n+i] = float32(1/(1+e)), float32(e/(1+e))
			if w := want[n+i]; w != 0 && w < 0x1p-126 {
				nsub++
			}
		}
		kernels.SigmoidGeneric(twin, src)
		for _, tier := range tiers {
			dst := dst
			if tier.name == "generic" {
				dst = twin // the generic tier is the twin: computed once
			} else {
				tier.f(dst, src)
			}
			res := &tier.res
			var maxU int64
			var worst float32
			var diff int64
			var h [4]int64
			for i, x := range src {
				got, want := dst[i], want[i]
				u := testutil.ULP(got, want)
				if u > maxU {
					maxU, worst = u, x
				}
				h[min(u, 3)]++
				switch {
				case u > 2:
					res.fail("Sigmoid(%v) = %v, want %v (%d ULP)", x, got, want, u)
				case (want == 0 || want == 1 || got == 0 || got == 1) && math.Float32bits(got) != math.Float32bits(want):
					res.fail("Sigmoid(%v) = %v, want %v exactly", x, got, want)
				case got < 0 || got > 1:
					res.fail("Sigmoid(%v) = %v, outside [0, 1]", x, got)
				}
				if !sameBits(twin[i], got) {
					diff++
				}
			}
			for i := range h {
				tier.hist[i].Add(h[i])
			}
			tier.sub.Add(nsub)
			res.mu.Lock()
			if maxU > res.maxULP {
				res.maxULP, res.worstX = maxU, worst
			}
			res.diffBits += diff
			res.mu.Unlock()
		}
	})
	report(t, tiers, start, func(x *exhaustiveTier) string {
		return fmt.Sprintf("max error %d ULP (at x = %v); inputs with 0/1/2/>2 ULP: %d/%d/%d/%d; %d subnormal results checked",
			x.res.maxULP, x.res.worstX, x.hist[0].Load(), x.hist[1].Load(), x.hist[2].Load(), x.hist[3].Load(), x.sub.Load())
	})
}

// sameBits reports whether a and b have the same bits, or are both NaN.
func sameBits(a, b float32) bool {
	return math.Float32bits(a) == math.Float32bits(b) || (a != a && b != b)
}
