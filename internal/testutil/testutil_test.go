package testutil

import (
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"syscall"
	"testing"
	"unsafe"

	"github.com/simdrnn/simdrnn/kernels"
)

// recorder is a testing.TB that records errors instead of failing, to check
// that the helpers do report what they are meant to catch.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func TestBufGuards(t *testing.T) {
	for _, n := range []int{0, 1, 7, 8, 9, 33} {
		for off := range 16 {
			b := NewBuf[float32](n, off)
			s := b.S()
			if len(s) != n || cap(s) != n {
				t.Fatalf("n=%d off=%d: len %d cap %d", n, off, len(s), cap(s))
			}
			if p := uintptr(unsafe.Pointer(unsafe.SliceData(b.all))) + uintptr(4*GuardLen); n > 0 && (uintptr(unsafe.Pointer(&s[0]))-p)/4 != uintptr(off) {
				t.Errorf("n=%d off=%d: slice starts %d elements after the guards", n, off, (uintptr(unsafe.Pointer(&s[0]))-p)/4)
			}
			if a := uintptr(unsafe.Pointer(unsafe.SliceData(b.all))); a%64 != 0 {
				t.Errorf("n=%d off=%d: guard region at %#x, not 64-byte aligned", n, off, a)
			}
			var r recorder
			b.CheckGuards(&r, "x")
			if len(r.errs) != 0 {
				t.Fatalf("n=%d off=%d: fresh buffer: %v", n, off, r.errs)
			}
			// One element written just before and just after the slice, and
			// at the far ends of the guards, must each be reported.
			for _, i := range []int{b.off - 1, b.off + n, 0, len(b.all) - 1} {
				saved := b.all[i]
				b.all[i] = 0
				var r recorder
				b.CheckGuards(&r, "x")
				if len(r.errs) != 1 {
					t.Errorf("n=%d off=%d: write at %d relative to the slice: %d errors, want 1", n, off, i-b.off, len(r.errs))
				}
				b.all[i] = saved
			}
			if n > 0 {
				want := b.Fill(func(i int) float32 { return float32(i) }).Copy()
				var r recorder
				b.Unchanged(&r, "x", want)
				if len(r.errs) != 0 {
					t.Errorf("n=%d off=%d: unchanged input reported: %v", n, off, r.errs)
				}
				s[n-1] = float32(math.Copysign(0, -1)) // -0 for +0 or another value
				if n == 1 {
					s[0] = float32(math.Copysign(0, -1))
				}
				b.Unchanged(&r, "x", want)
				if len(r.errs) != 1 {
					t.Errorf("n=%d off=%d: a change of the last element: %d errors, want 1", n, off, len(r.errs))
				}
			}
		}
	}
}

func TestULP(t *testing.T) {
	one := float32(1)
	next := math.Nextafter32(one, 2)
	tiny := math.Float32frombits(1) // smallest subnormal
	nan := float32(math.NaN())
	inf := float32(math.Inf(1))
	for _, c := range []struct {
		a, b float32
		want int64
	}{
		{one, one, 0},
		{one, next, 1},
		{next, one, 1},
		{0, float32(math.Copysign(0, -1)), 0},
		{tiny, -tiny, 2},
		{math.MaxFloat32, inf, 1},
		{-one, -next, 1},
		{1, 2, 1 << 23},
		{nan, nan, 0},
		{nan, one, math.MaxInt64},
		{one, nan, math.MaxInt64},
	} {
		if got := ULP(c.a, c.b); got != c.want {
			t.Errorf("ULP(%v, %v) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func TestClose(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	for _, c := range []struct {
		got   float32
		want  float64
		bound float64
		ok    bool
	}{
		{1, 1, 0, true},
		{1, 1 + 0x1p-20, 0x1p-21, false},
		{1, 1 + 0x1p-20, 0x1p-20, true},
		{float32(nan), nan, 0, true},
		{1, nan, math.Inf(1), false},
		{float32(nan), 1, math.Inf(1), false},
		{float32(inf), inf, 0, true},
		{float32(-inf), inf, math.Inf(1), false},
		{math.MaxFloat32, inf, math.Inf(1), false},
	} {
		if got := Close(c.got, c.want, c.bound); got != c.ok {
			t.Errorf("Close(%v, %v, %v) = %v, want %v", c.got, c.want, c.bound, got, c.ok)
		}
	}
}

// TestSumBound checks that the bound holds for a float32 sum with a large
// rounding error, and is not vacuous: a sum that drops one term exceeds it
// (for n <= 1000).
func TestSumBound(t *testing.T) {
	r := Rand(1)
	for _, n := range []int{1, 10, 1000, 100000} {
		var s32 float32
		var s64, sa float64
		terms := make([]float32, n)
		for i := range terms {
			terms[i] = float32(r.Float64()) + 1 // all positive: the errors add up
			s32 += terms[i]
			s64 += float64(terms[i])
			sa += math.Abs(float64(terms[i]))
		}
		bound := SumBound(n, sa)
		if !Close(s32, s64, bound) {
			t.Errorf("n=%d: float32 sum %v, exact %v, error %g beyond the bound %g", n, s32, s64, math.Abs(float64(s32)-s64), bound)
		}
		// (The first-order bound grows with n: from about n = 10^4 up, one
		// dropped term of this size hides in it, which is why kernels are
		// also tested on small integers with bound 0.)
		if n <= 1000 && Close(s32-terms[n/2], s64, bound) {
			t.Errorf("n=%d: a sum missing a term (%v) is within the bound %g", n, terms[n/2], bound)
		}
	}
}

func TestRandReproducible(t *testing.T) {
	a, b, c := Rand(3, 4), Rand(3, 4), Rand(4, 3)
	x, y, z := a.Uint64(), b.Uint64(), c.Uint64()
	if x != y {
		t.Error("Rand(3, 4) is not reproducible")
	}
	if x == z {
		t.Error("Rand(3, 4) and Rand(4, 3) start alike")
	}
}

// TestPageSlices checks that the slices really border an inaccessible page:
// reading one element past the first, or one before the second, faults.
func TestPageSlices(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("guard pages are only placed on Linux")
	}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	faults := func(p *float32) (faulted bool) {
		defer func() { faulted = recover() != nil }()
		_ = *(*float32)(unsafe.Pointer(p))
		return false
	}
	for _, n := range []int{1, 7, 1024, 1025} {
		a, b := PageSlices[float32](t, n)
		if len(a) != n || len(b) != n {
			t.Fatalf("n=%d: lengths %d, %d", n, len(a), len(b))
		}
		for i := range a {
			a[i], b[i] = 1, 2 // all accessible
		}
		if !faults((*float32)(unsafe.Add(unsafe.Pointer(&a[n-1]), 4))) {
			t.Errorf("n=%d: reading past the end of the first slice does not fault", n)
		}
		if !faults((*float32)(unsafe.Add(unsafe.Pointer(&b[0]), -4))) {
			t.Errorf("n=%d: reading before the start of the second slice does not fault", n)
		}
	}
}

func TestUnavailableMessage(t *testing.T) {
	info := kernels.TierInfo{Name: "avx512", Requires: []string{"AVX2", "AVX512F", "AVX512BW"}, Missing: []string{"AVX512F", "AVX512BW"}}
	msg, fail := unavailable(info, nil)
	if fail || !strings.Contains(msg, "avx512") || !strings.Contains(msg, "lacks AVX512F, AVX512BW") {
		t.Errorf("not required: %q, fail %v; want a skip naming the tier and the missing features", msg, fail)
	}
	if _, fail := unavailable(info, []string{"avx2"}); fail {
		t.Error("a tier not listed in SIMDRNN_REQUIRE_TIERS failed")
	}
	msg, fail = unavailable(info, []string{"avx2", "avx512"})
	if !fail || !strings.Contains(msg, RequireTiersEnv) {
		t.Errorf("required: %q, fail %v; want a failure naming %s", msg, fail, RequireTiersEnv)
	}
}

func TestRequiredTiers(t *testing.T) {
	t.Setenv(RequireTiersEnv, " avx2, ,avx512,")
	if got := RequiredTiers(); !slices.Equal(got, []string{"avx2", "avx512"}) {
		t.Errorf("RequiredTiers() = %q, want [avx2 avx512]", got)
	}
	t.Setenv(RequireTiersEnv, "")
	if got := RequiredTiers(); got != nil {
		t.Errorf("RequiredTiers() = %q with the variable empty, want none", got)
	}
}

// TestForEachImplSkipOrFail runs this test binary again with a fake tier
// that cannot run registered next to the real ones, and checks that
// ForEachImpl skips it with the missing features named, fails it when
// SIMDRNN_REQUIRE_TIERS lists it, and fails on a required tier that the
// build does not register; the real tiers run in every case.
func TestForEachImplSkipOrFail(t *testing.T) {
	if os.Getenv("SIMDRNN_TESTUTIL_CHILD") == "1" {
		tiers = func() []kernels.TierInfo {
			return append([]kernels.TierInfo{{Name: "fake", Requires: []string{"FAKE1", "FAKE2"}, Missing: []string{"FAKE2"}}}, kernels.Tiers()...)
		}
		ForEachImpl(t, func(t *testing.T) { fmt.Println("ran", kernels.Implementation()) })
		return
	}
	cases := []struct {
		require string
		ok      bool
		want    []string
	}{
		{"", true, []string{"--- SKIP: TestForEachImplSkipOrFail/fake", "tier fake not exercised: this CPU lacks FAKE2 (it requires FAKE1, FAKE2)", "ran generic"}},
		{"fake", false, []string{"--- FAIL: TestForEachImplSkipOrFail/fake", RequireTiersEnv + " requires it", "ran generic"}},
		{"generic,nonesuch", false, []string{`lists "nonesuch", which this build does not register`, "ran generic"}},
	}
	for _, c := range cases {
		cmd := exec.Command(os.Args[0], "-test.run=^TestForEachImplSkipOrFail$", "-test.v")
		cmd.Env = append(os.Environ(), "SIMDRNN_TESTUTIL_CHILD=1", RequireTiersEnv+"="+c.require)
		out, err := cmd.CombinedOutput()
		if errors.Is(err, syscall.ENOEXEC) || errors.Is(err, exec.ErrNotFound) {
			t.Skipf("cannot re-run the test binary here (%v)", err)
		}
		if (err == nil) != c.ok {
			t.Errorf("%s=%q: child error %v, want success %v\n%s", RequireTiersEnv, c.require, err, c.ok, out)
		}
		for _, w := range c.want {
			if !strings.Contains(string(out), w) {
				t.Errorf("%s=%q: output lacks %q\n%s", RequireTiersEnv, c.require, w, out)
			}
		}
	}
}

// TestRequireTier checks that RequireTier lets a test of a tier this CPU
// runs go on, skips it for a tier the CPU cannot run (naming the missing
// features), fails it instead when SIMDRNN_REQUIRE_TIERS lists that tier,
// and fails it for a tier the build does not register.
func TestRequireTier(t *testing.T) {
	defer func(f func() []kernels.TierInfo) { tiers = f }(tiers)
	tiers = func() []kernels.TierInfo {
		return append([]kernels.TierInfo{{Name: "fake", Requires: []string{"FAKE1", "FAKE2"}, Missing: []string{"FAKE2"}}}, kernels.Tiers()...)
	}
	cases := []struct {
		tier, require string
		skip, fatal   string // wanted in the message; "" for none
	}{
		{"generic", "", "", ""},
		{"generic", "fake", "", ""},
		{"fake", "", "tier fake not exercised: this CPU lacks FAKE2", ""},
		{"fake", "avx2,fake", "", RequireTiersEnv + " requires it"},
		{"nonesuch", "", "", `tier "nonesuch" is not registered in this build`},
	}
	for _, c := range cases {
		t.Setenv(RequireTiersEnv, c.require)
		var e endTB
		RequireTier(&e, c.tier)
		if c.skip == "" && e.skipped != "" || c.skip != "" && !strings.Contains(e.skipped, c.skip) ||
			c.fatal == "" && e.fatal != "" || c.fatal != "" && !strings.Contains(e.fatal, c.fatal) {
			t.Errorf("RequireTier(%q) with %s=%q: skip %q, fatal %q; want skip %q, fatal %q",
				c.tier, RequireTiersEnv, c.require, e.skipped, e.fatal, c.skip, c.fatal)
		}
	}
}
