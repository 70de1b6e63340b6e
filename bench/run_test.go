package bench

import (
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/simdrnn/simdrnn/internal/cpu"
	"github.com/simdrnn/simdrnn/kernels"
)

// TestRunKernelsInterleaves checks that every round measures every
// implementation, in a rotating order, and that the implementation in use
// is restored.
func TestRunKernelsInterleaves(t *testing.T) {
	impls := kernels.Implementations()
	o := Options{Rounds: 3, Target: time.Millisecond, Filter: regexp.MustCompile(`^Dot/.*/4096$`)}
	if got := CountJobs(o); got != len(impls) {
		t.Fatalf("CountJobs = %d, want %d", got, len(impls))
	}
	var calls []string
	o.Progress = func(done, total int, what string) { calls = append(calls, what) }
	res, err := RunKernels(o)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 3*len(impls) || len(calls) != len(res) {
		t.Fatalf("%d results, %d progress calls, want %d", len(res), len(calls), 3*len(impls))
	}
	for round := range 3 {
		seen := map[string]bool{}
		for i := range impls {
			r := res[round*len(impls)+i]
			seen[r.Impl] = true
			if want := impls[(i+round)%len(impls)]; r.Impl != want {
				t.Errorf("round %d position %d: %s, want %s", round, i, r.Impl, want)
			}
			if r.Kernel != "Dot" || r.N != 4096 || r.NsPerOp() <= 0 || r.Iters < 1 {
				t.Errorf("result %+v", r)
			}
		}
		if len(seen) != len(impls) {
			t.Errorf("round %d measured %v", round, seen)
		}
	}
	if kernels.Implementation() != impls[0] {
		t.Errorf("implementation in use %q after the run, want %q", kernels.Implementation(), impls[0])
	}

	AddMetrics(res, NewRoofline([]Result{{Kernel: "LimitRead", Level: "L1", Values: []Value{{1, "ns/op"}, {100, "GB/s"}}}}, cpu.Cache{L1D: 32 << 10}))
	for _, r := range res {
		ns := r.NsPerOp()
		g, ok1 := r.Get("GFLOP/s")
		pct, ok2 := r.Get("%roof")
		if !ok1 || !ok2 || g != 8192/ns || pct != 100*(32768.0/100)/ns {
			t.Errorf("metrics of %s: %v", r.Name, r.Values)
		}
	}

	if _, err := RunKernels(Options{Filter: regexp.MustCompile("^none$")}); err == nil {
		t.Error("an empty selection ran")
	}
}

func TestBestLimits(t *testing.T) {
	a := []Result{
		{Name: "LimitFMA/impl=x", Kernel: "LimitFMA", Values: []Value{{1, "ns/op"}, {50, "GFLOP/s"}}},
		{Name: "LimitRead/level=L1/bytes=1", Kernel: "LimitRead", Values: []Value{{1, "ns/op"}, {200, "GB/s"}}},
	}
	b := []Result{
		{Name: "LimitFMA/impl=x", Kernel: "LimitFMA", Values: []Value{{1, "ns/op"}, {90, "GFLOP/s"}}},
		{Name: "LimitRead/level=L1/bytes=1", Kernel: "LimitRead", Values: []Value{{1, "ns/op"}, {150, "GB/s"}}},
	}
	got := BestLimits(a, b)
	if v, _ := got[0].Get("GFLOP/s"); v != 90 {
		t.Errorf("FMA %v, want 90", v)
	}
	if v, _ := got[1].Get("GB/s"); v != 200 {
		t.Errorf("L1 %v, want 200", v)
	}
	if v, _ := a[0].Get("GFLOP/s"); v != 50 {
		t.Error("BestLimits modified its input")
	}
}

// TestLimitLevelsBounded checks the DRAM footprint: four times L3, at
// least 64 MiB, at most the bound (which a 260 MiB L3 would exceed four
// times over), but always more than the L3 footprint.
func TestLimitLevelsBounded(t *testing.T) {
	const MiB = 1 << 20
	for _, c := range []struct {
		l3, max, want int
	}{
		{32 * MiB, 0, 128 * MiB},
		{8 * MiB, 0, 64 * MiB},
		{260 * MiB, 0, DefaultMaxFootprint},
		{260 * MiB, 128 * MiB, 130 * MiB}, // L3/2: above L3's own footprint
		{16 * MiB, 128 * MiB, 64 * MiB},
		{64 * MiB, 128 * MiB, 128 * MiB},
	} {
		levels := LimitLevels(cpu.Cache{L1D: 48 << 10, L2: 2 * MiB, L3: c.l3}, c.max)
		last := levels[len(levels)-1]
		if last.Key != "DRAM" || last.Value != strconv.Itoa(c.want) {
			t.Errorf("L3 %d MiB, bound %d: DRAM level %v, want %d bytes", c.l3/MiB, c.max, last, c.want)
		}
	}
}

// TestRunKernelsMaxCall checks Options.MaxCall: a size whose call,
// predicted from the smaller size's measured call scaled by the
// operations, would take longer is skipped without being set up, in every
// round, and reported once; the smallest size always runs, and sizes
// predicted under the bound run.
func TestRunKernelsMaxCall(t *testing.T) {
	setups := map[int]int{}
	k := Kernel{Name: "Sleep", Shape: Custom, SizeName: "n", Sizes: []int{1, 2, 1000},
		Setup: func(n int) (func(), error) {
			setups[n]++
			return func() { time.Sleep(time.Duration(n) * time.Millisecond) }, nil
		},
		Cost: func(n int) Cost { return Cost{Elems: float64(n), Flops: float64(n)} },
	}
	var skipped []string
	var predicted []time.Duration
	o := Options{Rounds: 2, Target: time.Millisecond, Kernels: []Kernel{k}, MaxCall: 100 * time.Millisecond,
		Skipped: func(what string, t time.Duration) { skipped = append(skipped, what); predicted = append(predicted, t) }}
	impls := kernels.Implementations()
	res, err := RunKernels(o)
	if err != nil {
		t.Fatal(err)
	}
	// Sleep only adds time: size 1000 is predicted at 1 s at least, size 2
	// at 2 ms (under 100 ms unless a 1 ms sleep took 50).
	if setups[1000] != 0 {
		t.Errorf("size 1000 set up %d times, want 0", setups[1000])
	}
	if setups[1] != 2*len(impls) || setups[2] != 2*len(impls) {
		t.Errorf("sizes 1 and 2 set up %d and %d times, want %d each", setups[1], setups[2], 2*len(impls))
	}
	if len(res) != 4*len(impls) {
		t.Errorf("%d results, want %d", len(res), 4*len(impls))
	}
	if len(skipped) != len(impls) {
		t.Fatalf("skipped %v, want size 1000 once per implementation", skipped)
	}
	for i, s := range skipped {
		if want := "/1000"; s[len(s)-len(want):] != want || predicted[i] < time.Second {
			t.Errorf("skipped %s predicted at %v, want size 1000 at 1s or more", s, predicted[i])
		}
	}

	// Without MaxCall every size runs.
	clear(setups)
	k.Sizes = []int{1, 30}
	o = Options{Rounds: 1, Target: time.Millisecond, Kernels: []Kernel{k}, Filter: regexp.MustCompile(`^Sleep/` + regexp.QuoteMeta(impls[0]) + `/`)}
	if _, err := RunKernels(o); err != nil {
		t.Fatal(err)
	}
	if setups[30] != 1 {
		t.Errorf("without MaxCall, size 30 set up %d times, want 1", setups[30])
	}
}
