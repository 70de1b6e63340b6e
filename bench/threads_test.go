package bench

import (
	"fmt"
	"math"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/simdrnn/simdrnn/internal/cpu"
	"github.com/simdrnn/simdrnn/rnn"
)

func TestThreadCounts(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, procs := range []int{1, 2, 3, 6, 8} {
		if procs > runtime.NumCPU() {
			continue
		}
		runtime.GOMAXPROCS(procs)
		got := fmt.Sprint(ThreadCounts())
		want := map[int]string{1: "[1]", 2: "[1 2]", 3: "[1 2 3]", 6: "[1 2 4 6]", 8: "[1 2 4 8]"}[procs]
		if got != want {
			t.Errorf("GOMAXPROCS %d: ThreadCounts = %s, want %s", procs, got, want)
		}
	}
	runtime.GOMAXPROCS(runtime.NumCPU())
	c := ThreadCounts()
	if c[0] != 1 || c[len(c)-1] != runtime.NumCPU() {
		t.Errorf("ThreadCounts = %v on %d CPUs", c, runtime.NumCPU())
	}
	// Kernels holds each cell's steps from T1 up, in order.
	for _, cell := range []string{"RNN", "LSTM", "GRU"} {
		var counts []int
		for _, k := range Kernels {
			if base, n, ok := SplitThreads(k.Name); ok && base == cell+"CellStep" {
				counts = append(counts, n)
				if k.Threads != n {
					t.Errorf("%s: Threads %d", k.Name, k.Threads)
				}
			}
		}
		if len(counts) == 0 || counts[0] != 1 {
			t.Errorf("%s: steps on %v goroutines in Kernels", cell, counts)
		}
		for i := 1; i < len(counts); i++ {
			if counts[i] <= counts[i-1] {
				t.Errorf("%s: steps on %v goroutines in Kernels", cell, counts)
			}
		}
	}
}

func TestSplitThreads(t *testing.T) {
	for _, tc := range []struct {
		name string
		base string
		n    int
	}{
		{"LSTMCellStepT4", "LSTMCellStep", 4},
		{"RNNCellStepT1", "RNNCellStep", 1},
		{"GRUCellStepT128", "GRUCellStep", 128},
		{"LSTMCellStepT0", "", 0},
		{"LSTMCellStepT04", "", 0},
		{"LSTMCellStepT+2", "", 0},
		{"LSTMCellStepT-1", "", 0},
		{"LSTMCellStepT", "", 0},
		{"LSTMCellStepTx", "", 0},
		{"LSTMStep", "", 0},
		{"LSTMStepBatch32", "", 0},
	} {
		base, n, ok := SplitThreads(tc.name)
		if base != tc.base || n != tc.n || ok != (tc.n > 0) {
			t.Errorf("SplitThreads(%q) = %q, %d, %v; want %q, %d", tc.name, base, n, ok, tc.base, tc.n)
		}
	}
	// A thread count this machine does not run is known all the same.
	k, ok := KernelByName("LSTMCellStepT64")
	if !ok || k.Threads != 64 || k.Name != "LSTMCellStepT64" || k.SizeName != "H" {
		t.Errorf("LSTMCellStepT64: %v %+v", ok, k)
	}
	for _, name := range []string{"FooCellStepT2", "LSTMCellStepT0"} {
		if _, ok := KernelByName(name); ok {
			t.Errorf("KernelByName(%q) known", name)
		}
	}
}

// TestThreadKernelCost checks the split step's counts by hand: H = 100,
// W_ih and W_hh of G x 100 x 100 floats each.
func TestThreadKernelCost(t *testing.T) {
	for _, tc := range []struct {
		name string
		g    float64
	}{{"RNNCellStepT1", 1}, {"LSTMCellStepT2", 4}, {"GRUCellStepT3", 3}} {
		k, ok := KernelByName(tc.name)
		if !ok {
			t.Fatalf("%s missing", tc.name)
		}
		if got, want := k.FlopCount(100), 2*2*tc.g*10000; got != want {
			t.Errorf("%s flops %v, want %v", tc.name, got, want)
		}
		if got, want := k.ReadCount(100), 4*2*tc.g*10000; got != want {
			t.Errorf("%s read %v, want %v", tc.name, got, want)
		}
		if got, want := k.Footprint(100), 4*2*tc.g*10000; got != want {
			t.Errorf("%s footprint %v, want %v", tc.name, got, want)
		}
		if k.Elems(100) != 1 || k.WriteCount(100) != 0 {
			t.Errorf("%s elems %v, written %v", tc.name, k.Elems(100), k.WriteCount(100))
		}
		if got := SizeString(tc.name, 1024); got != "H=1024" {
			t.Errorf("SizeString = %q", got)
		}
	}
}

// TestThreadKernelStreams builds the split steps' streams: each steps, records
// the goroutines it runs on (1 where the model does not split, as many as
// asked where it does, up to the shares its matrices' rows give (see
// rnn.Threads): 1024 rows of 1024 columns split in blocks of 256 rows)
// and stops them on Close.
func TestThreadKernelStreams(t *testing.T) {
	base := runtime.NumGoroutine()
	for _, tc := range []struct {
		cell    rnn.Cell
		h, n    int
		wantMin int // goroutines at least
		wantMax int
	}{
		{rnn.RNN, 16, 1, 1, 1},
		{rnn.RNN, 16, 2, 1, 1}, // one block of rows: no split
		{rnn.GRU, 64, 4, 1, 1},
		{rnn.RNN, 1024, 2, 2, 2},
		{rnn.LSTM, 512, 2, 2, 2},
		{rnn.GRU, 512, 2, 2, 2},
		{rnn.LSTM, 512, 3, 2, 3},
	} {
		k := threadKernel(tc.cell, tc.n)
		inst, err := k.instance(tc.h)
		if err != nil {
			t.Fatal(err)
		}
		for range 3 {
			inst.Call()
		}
		if len(inst.Values) != 1 || inst.Values[0].Unit != "goroutines" {
			t.Fatalf("%s H=%d: values %v", k.Name, tc.h, inst.Values)
		}
		if g := int(inst.Values[0].Value); g < tc.wantMin || g > tc.wantMax {
			t.Errorf("%s H=%d: %d goroutines, want %d to %d", k.Name, tc.h, g, tc.wantMin, tc.wantMax)
		}
		inst.Close()
		inst.Close()
		inst.Call() // a closed stream still steps, on the caller's goroutine
	}
	// Close stopped every goroutine the streams started.
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > base && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > base {
		t.Errorf("%d goroutines after Close, %d before", n, base)
	}
}

// TestRunThreadKernels runs the split steps at small sizes through
// RunKernels and AddMetrics: every result has a positive, finite time,
// the metrics of a step and the goroutines its stream ran on.
func TestRunThreadKernels(t *testing.T) {
	var ks []Kernel
	for _, cell := range threadStepCells {
		for _, n := range []int{1, 2} {
			k := threadKernel(cell, n)
			k.Sizes = []int{16, 64}
			ks = append(ks, k)
		}
	}
	o := Options{Rounds: 1, Target: time.Millisecond, Kernels: ks}
	res, err := RunKernels(o)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != CountJobs(o) || len(res) == 0 {
		t.Fatalf("%d results, %d jobs", len(res), CountJobs(o))
	}
	rf := NewRoofline([]Result{{Kernel: "LimitFMA", Values: []Value{{1, "ns/op"}, {100, "GFLOP/s"}}}}, cpu.Cache{})
	AddMetrics(res, rf)
	for _, r := range res {
		ns := r.NsPerOp()
		if ns <= 0 || math.IsInf(ns, 0) || ns > 1e8 {
			t.Errorf("%s: %v ns/op", r.Name, ns)
		}
		k, _ := KernelByName(r.Kernel)
		g, ok := r.Get("goroutines")
		if !ok || g != 1 { // H = 16 and 64 do not split
			t.Errorf("%s: goroutines %v (%v), want 1", r.Name, g, ok)
		}
		if gf, ok := r.Get("GFLOP/s"); !ok || gf != k.FlopCount(r.N)/ns {
			t.Errorf("%s: GFLOP/s %v, want %v", r.Name, gf, k.FlopCount(r.N)/ns)
		}
		// The roofline is that of the one goroutine the stream ran on.
		if pct, _ := r.Get("%roof"); math.Abs(pct-100*k.FlopCount(r.N)/100/ns) > 1e-9*pct {
			t.Errorf("%s: %v %%roof", r.Name, pct)
		}
	}
	f := &File{Results: res}
	var b strings.Builder
	if err := WriteTable(&b, Summarize(f, nil)); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"RNNCellStepT2", "GRUCellStepT1", threadsNote, "speed-up", "x1.00"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, b.String())
		}
	}
}

// threadFile is a result file with split steps: an RNN at H = 1024 on 1, 2
// and 8 goroutines (8 from a machine with more cores than this one, and
// listed first), and an LSTM at H = 256 that did not split.
const threadFile = `cpu: Test CPU
impl-default: avx2
BenchmarkLimitFMA/impl=avx2 100 1 ns/op 100 GFLOP/s
BenchmarkRNNCellStepT8/impl=avx2/n=1024 100 25000 ns/op 8 goroutines
BenchmarkRNNCellStepT1/impl=avx2/n=1024 100 200000 ns/op 1 goroutines
BenchmarkRNNCellStepT1/impl=avx2/n=1024 100 220000 ns/op 1 goroutines
BenchmarkRNNCellStepT2/impl=avx2/n=1024 100 125000 ns/op 2 goroutines
BenchmarkRNNCellStepT1/impl=generic/n=1024 100 900000 ns/op 1 goroutines
BenchmarkLSTMCellStepT2/impl=avx2/n=256 100 60000 ns/op 1 goroutines
BenchmarkLSTMCellStepT1/impl=avx2/n=256 100 50000 ns/op 1 goroutines
BenchmarkMatVec/impl=avx2/n=64 100 100 ns/op
`

func TestThreadRows(t *testing.T) {
	f, err := Parse(strings.NewReader(threadFile))
	if err != nil {
		t.Fatal(err)
	}
	rows := Summarize(f, nil)
	var order []string
	for _, r := range rows {
		order = append(order, fmt.Sprintf("%s/%s/%d", r.Kernel, r.Impl, r.N))
	}
	// Table order: MatVec first (Kernels order), each step by thread count,
	// T8 after the counts this machine has.
	got := strings.Join(order, " ")
	if !strings.HasPrefix(got, "MatVec/avx2/64 RNNCellStepT1/avx2/1024 RNNCellStepT1/generic/1024 RNNCellStepT2/avx2/1024 RNNCellStepT8/avx2/1024 LSTMCellStepT1/avx2/256 LSTMCellStepT2/avx2/256") {
		t.Errorf("rows in order %s", got)
	}
	trs := ThreadRows(rows)
	var lines []string
	for _, r := range trs {
		lines = append(lines, fmt.Sprintf("%s %s %d %d %.0f %.0f %.3f %.0f %.3f", r.Base, r.Impl, r.N, r.Threads, r.Goroutines, r.NsOp, r.SpeedUp, r.NsMin, r.SpeedUpMin))
	}
	want := []string{
		"RNNCellStep avx2 1024 1 1 210000 1.000 200000 1.000", // median of 200000 and 220000
		"RNNCellStep avx2 1024 2 2 125000 1.680 125000 1.600",
		"RNNCellStep avx2 1024 8 8 25000 8.400 25000 8.000",
		"RNNCellStep generic 1024 1 1 900000 1.000 900000 1.000",
		"LSTMCellStep avx2 256 1 1 50000 1.000 50000 1.000",
		"LSTMCellStep avx2 256 2 1 60000 0.833 60000 0.833",
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("ThreadRows:\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	// The roofline of a split step is that of the goroutines it ran on:
	// 2 x 100 GFLOP/s for T2 at H = 1024 (4 x 2^20 flops), one core for
	// the LSTM's T2 that ran on one.
	for _, r := range rows {
		k, _ := KernelByName(r.Kernel)
		cores := math.Max(1, r.Goroutines)
		if want := 100 * k.FlopCount(r.N) / (100 * cores) / r.NsOp; r.Kernel != "MatVec" && math.Abs(r.Pct-want) > 1e-9*want {
			t.Errorf("%s/%d: %.4g %%roof, want %.4g", r.Kernel, r.N, r.Pct, want)
		}
	}

	var b strings.Builder
	if err := WriteTable(&b, rows); err != nil {
		t.Fatal(err)
	}
	tab := b.String()
	if !strings.Contains(tab, threadsNote) {
		t.Errorf("table lacks the split steps' note:\n%s", tab)
	}
	_, split, _ := strings.Cut(tab, threadsNote)
	var got2 []string
	for _, line := range strings.Split(split, "\n") {
		if f := strings.Fields(line); len(f) > 0 {
			got2 = append(got2, strings.Join(f, " "))
		}
	}
	want2 := []string{
		".",
		"step size impl threads goroutines µs/step ± speed-up fastest µs speed-up",
		"RNNCellStep H=1024 avx2 1 1 210 5% x1.00 200 x1.00",
		"H=1024 avx2 2 2 125 x1.68 125 x1.60",
		"H=1024 avx2 8 8 25 x8.40 25 x8.00",
		"H=1024 generic 1 1 900 x1.00 900 x1.00",
		"LSTMCellStep H=256 avx2 1 1 50 x1.00 50 x1.00",
		"H=256 avx2 2 1 60 x0.83 60 x0.83",
	}
	if strings.Join(got2, "\n") != strings.Join(want2, "\n") {
		t.Errorf("split steps' table:\n%s\nwant\n%s", strings.Join(got2, "\n"), strings.Join(want2, "\n"))
	}

	// The headline cells: µs on 1, 2, 8 goroutines, in the default tier.
	if got := splitCell(f, "RNNCellStep", 1024, "avx2"); got != "210 / 125 (x1.68) / 25 (x8.40)" {
		t.Errorf("RNN headline %q", got)
	}
	if got := splitCell(f, "LSTMCellStep", 256, "avx2"); got != "50 / 60 (x0.83, 1 used)" {
		t.Errorf("LSTM headline %q", got)
	}
	if got := splitCell(f, "GRUCellStep", 256, "avx2"); got != "-" {
		t.Errorf("GRU headline %q", got)
	}
	b.Reset()
	if err := WriteMarkdown(&b, []*File{f}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "µs (speed-up), H = 1024 | 210 / 125 (x1.68) / 25 (x8.40) |") {
		t.Errorf("markdown lacks the RNN headline:\n%s", b.String())
	}

	for _, tc := range []struct {
		ns   float64
		want string
	}{{3990, "3.99"}, {278400, "278"}, {1936000, "1936"}, {12345678, "12346"}, {0, "-"}} {
		if got := stepMicros(tc.ns); got != tc.want {
			t.Errorf("stepMicros(%v) = %q, want %q", tc.ns, got, tc.want)
		}
	}

	// A file without split steps has no such table.
	b.Reset()
	if err := WriteTable(&b, Summarize(readTestFile(t, epycFile), nil)); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), threadsNote) {
		t.Error("a file without split steps shows their table")
	}

	// Compared with an older file without them, the split steps come after
	// its kernels, by thread count.
	b.Reset()
	f.Label = "threads"
	if err := WriteCompare(&b, []*File{readTestFile(t, epycFile), f}, nil); err != nil {
		t.Fatal(err)
	}
	cmp := b.String()
	i1, i2, i8 := strings.Index(cmp, "RNNCellStepT1 "), strings.Index(cmp, "RNNCellStepT2 "), strings.Index(cmp, "RNNCellStepT8 ")
	if i1 < 0 || i1 > i2 || i2 > i8 || strings.Index(cmp, "MatVec ") > i1 {
		t.Errorf("compare:\n%s", cmp)
	}

	// Written and read back, the goroutines stay on the lines.
	b.Reset()
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	g, err := Parse(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := g.Results[1].Get("goroutines"); !ok || v != 8 {
		t.Errorf("read back %v", g.Results[1])
	}
}

func TestRooflineThreads(t *testing.T) {
	rf := NewRoofline([]Result{
		{Kernel: "LimitFMA", Values: []Value{{1, "ns/op"}, {1000, "GFLOP/s"}}},
		{Kernel: "LimitRead", Level: "L2", Values: []Value{{1, "ns/op"}, {100, "GB/s"}}},
		{Kernel: "LimitRead", Level: "L3", Values: []Value{{1, "ns/op"}, {20, "GB/s"}}},
	}, cpu.Cache{L2: 1 << 20, L3: 32 << 20})
	// RNN H = 512: 2 MiB of weights, in L3 on one core, in L2 on two.
	k1, _ := KernelByName("RNNCellStepT1")
	k2, _ := KernelByName("RNNCellStepT2")
	b1, l1, _ := rf.Bound(k1, 512)
	b2, l2, _ := rf.Bound(k2, 512)
	bytes := 8.0 * 512 * 512
	if l1 != "L3" || b1 != bytes/20 || l2 != "L2" || b2 != bytes/2/100 {
		t.Errorf("bounds %v %s, %v %s; want %v L3, %v L2", b1, l1, b2, l2, bytes/20, bytes/2/100)
	}
	// Recorded on one goroutine, T2 is bounded as T1.
	if b, l, _ := rf.Bound(k2.onGoroutines(1), 512); b != b1 || l != l1 {
		t.Errorf("T2 on one goroutine: %v %s", b, l)
	}
}
