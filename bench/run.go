package bench

import (
	"fmt"
	"math"
	"regexp"
	"runtime"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/simdrnn/simdrnn/bench/limits"
	"github.com/simdrnn/simdrnn/internal/cpu"
	"github.com/simdrnn/simdrnn/kernels"
)

// Options configure a run.
type Options struct {
	// Rounds is the number of measurements of every kernel x implementation
	// x size. Each round visits every job once, with the implementations
	// of a job in a rotating order, so that drift of the machine (other
	// load, clock changes) hits every implementation alike.
	Rounds int
	// Target is the duration of one measurement: batches of about Batch
	// each, of which the fastest counts.
	Target time.Duration
	// Filter selects jobs by "kernel/impl/size" (e.g. "MatVec/avx2/1024"
	// or, as tables print the size, "MatVec/avx2/1024x1024"; see Matches);
	// nil runs everything.
	Filter *regexp.Regexp
	// Kernels to run; nil means Kernels.
	Kernels []Kernel
	// LimitReps and LimitTime set the repetitions and duration of each
	// limit measurement (best of LimitReps).
	LimitReps int
	LimitTime time.Duration
	// MaxFootprint bounds the footprint of the DRAM bandwidth
	// measurements, in bytes (0: DefaultMaxFootprint); see LimitLevels.
	MaxFootprint int
	// Progress, when not nil, is called before each measurement with the
	// count done so far, the total and what is about to run.
	Progress func(done, total int, what string)
	// MaxCall, when positive, skips the jobs whose one call is predicted
	// to take longer (a quick run's bound on the generic tier's large
	// products): the call time measured in this run for the same kernel
	// and implementation at the largest smaller size, scaled by the work
	// (operations, or bytes where operations are not counted). A kernel's
	// smallest size always runs. A skipped job gives no result.
	MaxCall time.Duration
	// Skipped, when not nil, is called once for each job MaxCall skips,
	// with its name ("kernel/impl/size") and the predicted call time.
	Skipped func(what string, predicted time.Duration)
}

// callTime is a kernel x implementation's call time at size n.
type callTime struct {
	n  int
	ns float64
}

// predictCall returns the call time of job j predicted from the measured
// call times of its kernel and implementation at smaller sizes, and
// whether there is one.
func predictCall(j job, measured map[string][]callTime) (time.Duration, bool) {
	var ref callTime
	for _, c := range measured[j.kernelImpl()] {
		if c.n < j.n && c.n > ref.n {
			ref = c
		}
	}
	if ref.n == 0 {
		return 0, false
	}
	w, w0 := j.k.work(j.n), j.k.work(ref.n)
	if w0 <= 0 {
		return 0, false
	}
	return time.Duration(ref.ns * w / w0), true
}

// work is the work of one call of size n the call times scale with: its
// operations, or its bytes where operations are not counted.
func (k Kernel) work(n int) float64 {
	if f := k.FlopCount(n); f > 0 {
		return f
	}
	return k.ByteCount(n)
}

// Job is one kernel at one size in one implementation.
type job struct {
	k    Kernel
	n    int
	impl string
}

func (j job) name() string { return fmt.Sprintf("%s/%s/%d", j.k.Name, j.impl, j.n) }

// kernelImpl names the job's kernel and implementation, without the size.
func (j job) kernelImpl() string { return j.k.Name + "/" + j.impl }

// Describe returns the configuration lines describing this CPU and the
// kernel implementations, for the head of a result file.
func Describe() []KV {
	i := cpu.Describe()
	i.Cache = Caches()
	if i.Brand == "" {
		i.Brand = fmt.Sprintf("%s %s family %d model %d", i.Vendor, i.Arch, i.Family, i.Model)
	}
	kv := []KV{
		{"goos", runtime.GOOS},
		{"goarch", runtime.GOARCH},
		{"pkg", "github.com/simdrnn/simdrnn/kernels"},
		{"cpu", i.Brand},
		{"cpu-vendor", i.Vendor},
		{"cpu-family", strconv.Itoa(i.Family)},
		{"cpu-model", strconv.Itoa(i.Model)},
	}
	if i.Level > 0 {
		kv = append(kv, KV{"x86-64-level", strconv.Itoa(i.Level)})
	}
	kv = append(kv,
		KV{"cpu-cores", strconv.Itoa(i.Cores)},
		KV{"cpu-threads", strconv.Itoa(i.Threads)},
		KV{"cache-l1d", strconv.Itoa(i.Cache.L1D)},
		KV{"cache-l2", strconv.Itoa(i.Cache.L2)},
		KV{"cache-l3", strconv.Itoa(i.Cache.L3)},
		KV{"cpu-hz-nominal", strconv.FormatInt(i.HzNom, 10)},
		KV{"cpu-features", joinSpace(i.Features)},
		KV{"impls", joinSpace(kernels.Implementations())},
		KV{"impl-default", kernels.Implementation()},
		KV{"limits-method", limits.Method()},
	)
	return kv
}

func joinSpace(s []string) string {
	out := ""
	for i, v := range s {
		if i > 0 {
			out += " "
		}
		out += v
	}
	return out
}

// DefaultMaxFootprint is the default bound of the DRAM footprint.
const DefaultMaxFootprint = 1 << 30

// LimitLevels returns the cache levels to measure read bandwidth at, with
// the footprint used for each: half of L1d, half of L2, a quarter of L3
// (which other cores share), and four times L3 for DRAM, at least 64 MiB
// and at most maxDRAM bytes (0: DefaultMaxFootprint), but always more than
// the L3 footprint. Unknown cache sizes are left out.
func LimitLevels(c cpu.Cache, maxDRAM int) []KV {
	var out []KV
	add := func(name string, bytes int) {
		out = append(out, KV{name, strconv.Itoa(bytes)})
	}
	if c.L1D > 0 {
		add("L1", c.L1D/2)
	}
	if c.L2 > 0 {
		add("L2", c.L2/2)
	}
	if c.L3 > 0 {
		add("L3", c.L3/4)
	}
	if maxDRAM <= 0 {
		maxDRAM = DefaultMaxFootprint
	}
	add("DRAM", max(min(4*c.L3, maxDRAM), 64<<20, c.L3/2))
	return out
}

// MeasureLimits measures this core's FMA peak and read and write bandwidths
// and returns them as LimitFMA, LimitRead and LimitWrite results.
func MeasureLimits(o Options) []Result {
	reps, d := max(1, o.LimitReps), max(o.LimitTime, 100*time.Microsecond)
	method := limits.Method()
	levels := LimitLevels(Caches(), o.MaxFootprint)
	total := 2*len(levels) + 1
	if o.Progress != nil {
		o.Progress(0, total, "limits: FMA peak")
	}
	g, best, iters := limits.FMA(d, reps)
	out := []Result{{
		Name: "LimitFMA/impl=" + method, Kernel: "LimitFMA", Impl: method, Iters: iters,
		Values: []Value{{float64(best.Nanoseconds()), "ns/op"}, {g, "GFLOP/s"}},
	}}
	for i, lv := range levels {
		bytes, _ := strconv.Atoi(lv.Value)
		if o.Progress != nil {
			o.Progress(i+1, total, "limits: read "+lv.Key)
		}
		r := reps
		gbs, passes := limits.Read(bytes, d, r)
		debug.FreeOSMemory() // the next level's buffer comes on top otherwise
		out = append(out, Result{
			Name:   fmt.Sprintf("LimitRead/impl=%s/level=%s/bytes=%d", method, lv.Key, bytes),
			Kernel: "LimitRead", Impl: method, N: bytes, Level: lv.Key, Iters: passes,
			// ns/op: one pass over the footprint at the measured rate
			Values: []Value{{float64(bytes) / gbs, "ns/op"}, {gbs, "GB/s"}},
		})
	}
	for i, lv := range levels {
		bytes, _ := strconv.Atoi(lv.Value)
		if o.Progress != nil {
			o.Progress(len(levels)+i+1, total, "limits: write "+lv.Key)
		}
		gbs, passes := limits.Write(bytes, d, reps)
		debug.FreeOSMemory()
		out = append(out, Result{
			Name:   fmt.Sprintf("LimitWrite/impl=%s/level=%s/bytes=%d", method, lv.Key, bytes),
			Kernel: "LimitWrite", Impl: method, N: bytes, Level: lv.Key, Iters: passes,
			Values: []Value{{float64(bytes) / gbs, "ns/op"}, {gbs, "GB/s"}},
		})
	}
	return out
}

// RunKernels runs every selected kernel x implementation x size o.Rounds
// times and returns one result per measurement, with ns/op and the figures
// a Custom kernel's Instance records (AddMetrics adds the rest). The
// implementation in use is restored afterwards.
func RunKernels(o Options) ([]Result, error) {
	defer kernels.Use("")
	groups, used := jobGroups(o)
	if len(groups) == 0 {
		return nil, fmt.Errorf("no kernel matches the filter %q", o.Filter)
	}
	total := 0
	for _, g := range groups {
		total += len(g)
	}
	total *= max(1, o.Rounds)
	args := newArgs(used)
	plans := map[string]batchPlan{}
	measured := map[string][]callTime{} // by kernelImpl
	skipped := map[string]bool{}        // by job
	var out []Result
	done := 0
	for round := range max(1, o.Rounds) {
		for _, g := range groups {
			for i := range g {
				j := g[(i+round)%len(g)]
				key := j.name()
				if skipped[key] {
					done++
					continue
				}
				if _, planned := plans[key]; !planned && o.MaxCall > 0 {
					if t, ok := predictCall(j, measured); ok && t > o.MaxCall {
						skipped[key] = true
						if o.Skipped != nil {
							o.Skipped(key, t)
						}
						done++
						continue
					}
				}
				if o.Progress != nil {
					o.Progress(done, total, fmt.Sprintf("round %d/%d %s %s n=%d", round+1, max(1, o.Rounds), j.k.Name, j.impl, j.n))
				}
				if err := kernels.Use(j.impl); err != nil {
					return nil, err
				}
				inst, err := args.call(j)
				if err != nil {
					return nil, err
				}
				call := inst.Call
				run := func(k int) time.Duration {
					t0 := time.Now()
					for range k {
						call()
					}
					return time.Since(t0)
				}
				p, ok := plans[key]
				if !ok {
					p = plan(o.Target, run)
					plans[key] = p
				} else {
					run(1) // warm the caches as planning did
				}
				best := time.Duration(math.MaxInt64)
				for range p.batches {
					best = min(best, run(p.calls))
				}
				if inst.Close != nil {
					inst.Close()
				}
				if !ok {
					measured[j.kernelImpl()] = append(measured[j.kernelImpl()], callTime{j.n, float64(best.Nanoseconds()) / float64(p.calls)})
				}
				out = append(out, Result{
					Name:   fmt.Sprintf("%s/impl=%s/n=%d", j.k.Name, j.impl, j.n),
					Kernel: j.k.Name, Impl: j.impl, N: j.n, Iters: p.calls * p.batches,
					Values: append([]Value{{float64(best.Nanoseconds()) / float64(p.calls), "ns/op"}}, inst.Values...),
				})
				done++
			}
		}
	}
	return out, nil
}

// Batch is the duration of one timed batch of calls. Other processes only
// ever add time to a batch, so the fastest of many short batches estimates
// what the kernel does on a core of its own; batches this short mostly run
// between two preemptions even on a loaded machine.
const Batch = 250 * time.Microsecond

// batchPlan is how one job is measured: batches of calls, the fastest
// batch counting.
type batchPlan struct {
	calls, batches int
}

// plan warms up and chooses the calls per batch (about Batch long, at
// least one call) and the number of batches (about target in all).
func plan(target time.Duration, run func(k int) time.Duration) batchPlan {
	run(1)
	k := 1
	for {
		el := run(k)
		if el >= Batch/2 || k >= 1<<30 {
			calls := max(1, int(float64(k)*float64(Batch)/float64(max(el, 1))))
			per := float64(el) / float64(k) * float64(calls)
			return batchPlan{calls, max(1, int(float64(target)/per))}
		}
		if el <= 0 {
			k *= 16
			continue
		}
		k = max(k+1, int(float64(k)*min(16, float64(Batch)/2/float64(el)*1.2)))
	}
}

// AddMetrics replaces the units of every kernel result in res by ns/op (of
// the fastest batch), ns/elem, GFLOP/s when the kernel's operations are
// counted, GB/s of compulsory traffic and %roof against rf, followed by the
// result's other figures (such as goroutines).
func AddMetrics(res []Result, rf Roofline) {
	for i, r := range res {
		k, ok := KernelByName(r.Kernel)
		if !ok || r.N <= 0 {
			continue
		}
		if g, ok := r.Get("goroutines"); ok {
			k = k.onGoroutines(g)
		}
		v := metrics(k, r.N, r.NsPerOp(), rf)
		for _, x := range r.Values {
			if !derivedUnits[x.Unit] {
				v = append(v, x)
			}
		}
		res[i].Values = v
	}
}

// derivedUnits are the units metrics computes.
var derivedUnits = map[string]bool{"ns/op": true, "ns/elem": true, "GFLOP/s": true, "GB/s": true, "%roof": true}

// BestLimits merges two measurements of the limits (as MeasureLimits
// returns them, in the same order), keeping the higher rate of each.
func BestLimits(a, b []Result) []Result {
	out := append([]Result(nil), a...)
	for i := range out {
		if i >= len(b) || b[i].Name != out[i].Name {
			continue
		}
		unit := "GB/s"
		if out[i].Kernel == "LimitFMA" {
			unit = "GFLOP/s"
		}
		va, _ := out[i].Get(unit)
		vb, _ := b[i].Get(unit)
		if vb > va {
			out[i] = b[i]
		}
	}
	return out
}

// metrics computes the units of a result of kernel k at size n that took ns
// per call.
func metrics(k Kernel, n int, ns float64, rf Roofline) []Value {
	v := []Value{{ns, "ns/op"}, {ns / k.Elems(n), "ns/elem"}}
	if f := k.FlopCount(n); f > 0 {
		v = append(v, Value{f / ns, "GFLOP/s"})
	}
	v = append(v, Value{k.ByteCount(n) / ns, "GB/s"})
	if pct, _ := rf.Percent(k, n, ns); pct > 0 {
		v = append(v, Value{pct, "%roof"})
	}
	return v
}

// CountJobs returns the number of kernel x implementation x size
// combinations o selects (each is measured o.Rounds times).
func CountJobs(o Options) int {
	groups, _ := jobGroups(o)
	n := 0
	for _, g := range groups {
		n += len(g)
	}
	return n
}

// jobGroups returns the jobs o selects, grouped by kernel and size (each
// group holds one job per implementation), and the kernels they use.
func jobGroups(o Options) (groups [][]job, used []Kernel) {
	ks := o.Kernels
	if ks == nil {
		ks = Kernels
	}
	impls := kernels.Implementations()
	for _, k := range ks {
		kused := false
		for _, n := range k.SizeList() {
			var g []job
			for _, im := range impls {
				j := job{k, n, im}
				if Matches(o.Filter, j.k.Name, j.impl, j.n) {
					g = append(g, j)
				}
			}
			if len(g) > 0 {
				groups = append(groups, g)
				kused = true
			}
		}
		if kused {
			used = append(used, k)
		}
	}
	return groups, used
}

// call returns one call of job j on fresh operands: for built-in kernels the
// operands of size j.n restored from the pristine copy, for Custom kernels
// the state Setup or Start builds (anew for every measurement, so that every
// implementation starts alike).
func (a *Args) call(j job) (Instance, error) {
	if j.k.Shape == Custom {
		inst, err := j.k.instance(j.n)
		if err != nil {
			return Instance{}, fmt.Errorf("%s n=%d: %v", j.k.Name, j.n, err)
		}
		return inst, nil
	}
	s := a.slice(j.k.Shape, j.n)
	a.reset(j.k.Shape, j.n)
	return Instance{Call: func() { j.k.Run(s) }}, nil
}

// instance builds the state of a Custom kernel at size n with Start, or
// with Setup.
func (k Kernel) instance(n int) (Instance, error) {
	if k.Start != nil {
		return k.Start(n)
	}
	f, err := k.Setup(n)
	return Instance{Call: f}, err
}
