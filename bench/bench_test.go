package bench

import (
	"bytes"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"github.com/simdrnn/simdrnn/rnn"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/simdrnn/simdrnn/internal/cpu"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// Recorded result files (see testdata/README.md for how they were made).
const (
	epycFile  = "testdata/amd-epyc-quick.txt"
	arm64File = "testdata/qemu-arm64.txt"
	gotest    = "testdata/gotest-dot.txt"
)

func readTestFile(t *testing.T, path string) *File {
	t.Helper()
	f, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (go test -update rewrites it):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func TestParseLine(t *testing.T) {
	for _, tc := range []struct {
		line       string
		ok         bool
		name, k, i string
		n, iters   int
		ns         float64
	}{
		{"BenchmarkMatVec/impl=avx2/n=1024 \t 880 \t 68612 ns/op \t 30.56 GFLOP/s", true, "MatVec/impl=avx2/n=1024", "MatVec", "avx2", 1024, 880, 68612},
		{"BenchmarkDot/avx2/64-2      \t 1000000\t        25.18 ns/op\t20335.63 MB/s\t0 B/op", true, "Dot/avx2/64", "Dot", "avx2", 64, 1000000, 25.18},
		{"BenchmarkGer/gonum/100-16 10 5 ns/op", true, "Ger/gonum/100", "Ger", "gonum", 100, 10, 5},
		{"BenchmarkLimitRead/level=L2/bytes=262144 98 2528 ns/op 103.6 GB/s", true, "LimitRead/level=L2/bytes=262144", "LimitRead", "", 262144, 98, 2528},
		{"BenchmarkDot/avx2/64", false, "", "", "", 0, 0, 0},       // -v prints bare names
		{"Benchmarking is fun 1 2", false, "", "", "", 0, 0, 0},    // not a benchmark name
		{"BenchmarkX 1 2 ns/op extra", false, "", "", "", 0, 0, 0}, // odd field count
	} {
		r, ok, err := parseResult(tc.line)
		if err != nil || ok != tc.ok {
			t.Errorf("parseResult(%q) ok=%v err=%v, want ok=%v", tc.line, ok, err, tc.ok)
			continue
		}
		if !ok {
			continue
		}
		if r.Name != tc.name || r.Kernel != tc.k || r.Impl != tc.i || r.N != tc.n || r.Iters != tc.iters || r.NsPerOp() != tc.ns {
			t.Errorf("parseResult(%q) = %+v", tc.line, r)
		}
	}
	if _, _, err := parseResult("BenchmarkDot/avx2/64 10 fast ns/op"); err == nil {
		t.Error("a non-numeric value was accepted")
	}
	if _, err := Parse(strings.NewReader("goos: linux\nBenchmarkDot 10 x ns/op\n")); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("Parse error %v does not name line 2", err)
	}
	// No measurement takes no time: a 0 ns/op would divide the rates.
	for _, line := range []string{"BenchmarkDot/avx2/64 10 0 ns/op", "BenchmarkDot/avx2/64 10 0 ns/op 5 GFLOP/s", "BenchmarkDot/avx2/64 10 0.0e5 ns/op"} {
		if _, _, err := parseResult(line); err == nil || !strings.Contains(err.Error(), "ns/op") {
			t.Errorf("parseResult(%q): error %v, want one about 0 ns/op", line, err)
		}
	}
	if r, ok, err := parseResult("BenchmarkDot/avx2/64 10 5 ns/op 0 B/op 0 allocs/op"); !ok || err != nil || r.NsPerOp() != 5 {
		t.Errorf("zero B/op and allocs/op (go test -benchmem) rejected: %v %v", ok, err)
	}
}

// TestParseCutShort checks that a file whose last line has no line break
// (a file cut short, e.g. copied while being written) is an error naming
// that line, and that a file ending in a line break is not.
func TestParseCutShort(t *testing.T) {
	for _, text := range []string{
		"goos: linux\nBenchmarkDot/impl=avx2/n=64 10 5 ns/op\nBenchmarkDot/impl=avx2/n=4096 100 10",
		"goos: linux\nBenchmarkDot/impl=avx2/n=64 10 5 ns/op\nBenchmarkDot/impl=avx2/n=4096 100 10 ns/op 3 GFLOP",
		"goos: linux\nBenchmarkDot/impl=avx2/n=64 10 5 ns/op\nBenchmarkDot/impl=avx2/n=4096 100 10 ns/op",
		"goos: linux\nBenchmarkDot/impl=avx2/n=64 10 5 ns/op\ncpu: Intel Xe",
		"goos: linux\r\nBenchmarkDot/impl=avx2/n=64 10 5 ns/op\r\nBenchmarkDot/impl=avx2/n=4096 100 10 ns/op",
	} {
		_, err := Parse(strings.NewReader(text))
		var pe *ParseError
		if !errors.As(err, &pe) || pe.Line != 3 || !strings.Contains(err.Error(), "no line break") {
			t.Errorf("Parse(%q): error %v, want one naming line 3 without a line break", text, err)
		}
	}
	for _, text := range []string{"", "\n", "goos: linux\nBenchmarkDot/impl=avx2/n=64 10 5 ns/op\n", "goos: linux\r\nBenchmarkDot/impl=avx2/n=64 10 5 ns/op\r\n", "BenchmarkDot/impl=avx2/n=64 10 5 ns/op\n  "} {
		if f, err := Parse(strings.NewReader(text)); err != nil || strings.Contains(text, "Bench") && len(f.Results) != 1 {
			t.Errorf("Parse(%q): %v", text, err)
		}
	}
}

func TestParseConfig(t *testing.T) {
	f, err := Parse(strings.NewReader("goos: linux\ncpu: AMD EPYC 7B13\nNot: config\nkey with space: x\n# note: loaded machine\n#nospace: x\nPASS\nok  \tpkg\t1.0s\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []KV{{"goos", "linux"}, {"cpu", "AMD EPYC 7B13"}}
	if fmt.Sprint(f.Config) != fmt.Sprint(want) {
		t.Errorf("config %v, want %v", f.Config, want)
	}
	if len(f.Meta) != 1 || f.Get("note") != "loaded machine" {
		t.Errorf("meta %v", f.Meta)
	}
	if f.Int("goos") != -1 || f.Get("absent") != "" {
		t.Error("Int or Get of a non-integer or absent key")
	}
}

func TestWriteParseRoundTrip(t *testing.T) {
	f := readTestFile(t, epycFile)
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	g, err := Parse(&b)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(f.Config) != fmt.Sprint(g.Config) || fmt.Sprint(f.Meta) != fmt.Sprint(g.Meta) || len(f.Results) != len(g.Results) {
		t.Fatalf("round trip changed the header or the result count")
	}
	for i := range f.Results {
		a, b := f.Results[i], g.Results[i]
		if a.Name != b.Name || a.Iters != b.Iters || len(a.Values) != len(b.Values) {
			t.Fatalf("result %d: %+v became %+v", i, a, b)
		}
		for j := range a.Values {
			// fmtNum keeps five significant digits
			if a.Values[j].Unit != b.Values[j].Unit || math.Abs(a.Values[j].Value-b.Values[j].Value) > 1e-4*math.Abs(a.Values[j].Value) {
				t.Fatalf("result %d value %d: %v became %v", i, j, a.Values[j], b.Values[j])
			}
		}
	}
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "r.txt")
	f := &File{Config: []KV{{"goos", "linux"}}, Results: []Result{{Name: "Dot/impl=x/n=8", Iters: 3, Values: []Value{{12.5, "ns/op"}}}}}
	// A directory that does not exist is an error, as charrnn's -out: a
	// mistyped path must not create directories.
	if err := f.WriteFileAtomic(path); err == nil {
		t.Error("writing into a directory that does not exist succeeded")
	}
	if err := WriteFileBytes(path, []byte("x")); err == nil {
		t.Error("WriteFileBytes into a directory that does not exist succeeded")
	}
	if _, err := os.Stat(filepath.Join(dir, "sub")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the missing directory was created (%v)", err)
	}
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := f.WriteFileAtomic(path); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if want := "goos: linux\nBenchmarkDot/impl=x/n=8          3         12.5 ns/op\n"; string(b) != want {
		t.Errorf("wrote %q, want %q", b, want)
	}
	ents, _ := os.ReadDir(filepath.Dir(path))
	if len(ents) != 1 {
		t.Errorf("temporary files left behind: %v", ents)
	}
	if err := f.WriteFileAtomic(filepath.Join(dir, "sub", "r.txt", "x")); err == nil {
		t.Error("writing below a regular file succeeded")
	}
}

// TestRoofline checks the bound on numbers worked out by hand.
func TestRoofline(t *testing.T) {
	lim := []Result{
		{Kernel: "LimitFMA", Impl: "avx2", Values: []Value{{1, "ns/op"}, {100, "GFLOP/s"}}},
		{Kernel: "LimitRead", Level: "L1", Values: []Value{{1, "ns/op"}, {200, "GB/s"}}},
		{Kernel: "LimitRead", Level: "L2", Values: []Value{{1, "ns/op"}, {100, "GB/s"}}},
		{Kernel: "LimitRead", Level: "L3", Values: []Value{{1, "ns/op"}, {50, "GB/s"}}},
		{Kernel: "LimitRead", Level: "DRAM", Values: []Value{{1, "ns/op"}, {20, "GB/s"}}},
	}
	rf := NewRoofline(lim, cpu.Cache{L1D: 32 << 10, L2: 512 << 10, L3: 32 << 20})
	mv, _ := KernelByName("MatVec")
	dot, _ := KernelByName("Dot")
	tanh, _ := KernelByName("Tanh")
	for _, tc := range []struct {
		k     Kernel
		n     int
		ns    float64
		limit string
	}{
		// 64x64: 8192 flops / 100 = 81.92 ns; (16384+256) bytes read in L1 / 200 = 83.2 ns
		{mv, 64, 83.2, "L1"},
		// 16x16: 512 flops / 100 = 5.12 ns; (1024+64) bytes / 200 = 5.44 ns
		{mv, 16, 5.44, "L1"},
		// 256x256: 256 KiB + 2 KiB in L2: (262144+1024)/100 = 2631.68 ns
		{mv, 256, 2631.68, "L2"},
		// 4096x4096: 64 MiB > L3: (67108864+16384)/20 ns
		{mv, 4096, (67108864 + 16384) / 20.0, "DRAM"},
		// Dot 4096: 32 KiB fits L1 exactly: 32768/200 = 163.84 ns > 8192/100
		{dot, 4096, 163.84, "L1"},
		// Dot 1M: 8 MiB in L3: 8388608/50 ns
		{dot, 1 << 20, 8388608 / 50.0, "L3"},
		// Tanh: no flops counted; 4096*4 bytes read, 32 KiB working set in L1
		{tanh, 4096, 81.92, "L1"},
	} {
		ns, limit, ok := rf.Bound(tc.k, tc.n)
		if !ok || limit != tc.limit || math.Abs(ns-tc.ns) > 1e-9*tc.ns {
			t.Errorf("%s n=%d: bound %v ns (%s, %v), want %v ns (%s)", tc.k.Name, tc.n, ns, limit, ok, tc.ns, tc.limit)
		}
		if pct, _ := rf.Percent(tc.k, tc.n, 2*tc.ns); math.Abs(pct-50) > 1e-9 {
			t.Errorf("%s n=%d: twice the bound is %v%%, want 50%%", tc.k.Name, tc.n, pct)
		}
	}
	// With write bandwidths: caches take the larger of reads and writes,
	// DRAM their sum.
	rf = NewRoofline(append(lim,
		Result{Kernel: "LimitWrite", Level: "L1", Values: []Value{{1, "ns/op"}, {100, "GB/s"}}},
		Result{Kernel: "LimitWrite", Level: "DRAM", Values: []Value{{1, "ns/op"}, {10, "GB/s"}}},
	), cpu.Cache{L1D: 32 << 10, L2: 512 << 10, L3: 32 << 20})
	scale, _ := KernelByName("Scale")
	axpy, _ := KernelByName("Axpy")
	for _, tc := range []struct {
		k     Kernel
		n     int
		ns    float64
		limit string
	}{
		// Scale 4096 in L1: reads 16384/200 = 81.92, writes 16384/100 = 163.84
		{scale, 4096, 163.84, "L1"},
		// Axpy 16M in DRAM: reads 8n/20 plus writes 4n/10
		{axpy, 1 << 24, 8*(1<<24)/20.0 + 4*(1<<24)/10.0, "DRAM"},
		// Axpy 1M in L3 (no write bandwidth known there): reads 8n/50
		{axpy, 1 << 20, 8 * (1 << 20) / 50.0, "L3"},
	} {
		ns, limit, ok := rf.Bound(tc.k, tc.n)
		if !ok || limit != tc.limit || math.Abs(ns-tc.ns) > 1e-9*tc.ns {
			t.Errorf("%s n=%d: bound %v ns (%s), want %v ns (%s)", tc.k.Name, tc.n, ns, limit, tc.ns, tc.limit)
		}
	}
	if _, _, ok := (Roofline{}).Bound(mv, 64); ok {
		t.Error("a bound without limits")
	}
}

// TestSummarizeIndependent recomputes a row of the table straight from the
// text of the recorded file, without the parser.
func TestSummarizeIndependent(t *testing.T) {
	raw, err := os.ReadFile(epycFile)
	if err != nil {
		t.Fatal(err)
	}
	var ns []float64
	for _, line := range strings.Split(string(raw), "\n") {
		if strings.HasPrefix(line, "BenchmarkMatVec/impl=avx2/n=256 ") {
			v, err := strconv.ParseFloat(strings.Fields(line)[2], 64)
			if err != nil {
				t.Fatal(err)
			}
			ns = append(ns, v)
		}
	}
	if len(ns) == 0 {
		t.Fatal("fixture lacks MatVec/avx2/256")
	}
	sort.Float64s(ns)
	med := ns[len(ns)/2]
	if len(ns)%2 == 0 {
		med = (ns[len(ns)/2-1] + ns[len(ns)/2]) / 2
	}
	rows := Summarize(readTestFile(t, epycFile), regexp.MustCompile(`^MatVec/avx2/256$`))
	if len(rows) != 1 {
		t.Fatalf("filter kept %d rows, want 1", len(rows))
	}
	r := rows[0]
	if r.NsOp != med || r.Samples != len(ns) {
		t.Errorf("median %v of %d, want %v of %d", r.NsOp, r.Samples, med, len(ns))
	}
	if want := 2 * 256 * 256 / med; math.Abs(r.GFLOPs-want) > 1e-12*want {
		t.Errorf("GFLOP/s %v, want %v", r.GFLOPs, want)
	}
	if want := (4*256*256 + 8*256) / med; math.Abs(r.GBs-want) > 1e-12*want {
		t.Errorf("GB/s %v, want %v", r.GBs, want)
	}
	if r.Limit != "L2" || r.Pct <= 0 {
		t.Errorf("limit %q %.1f%%, want L2 (256 KiB + 2 KiB, L2 512 KiB)", r.Limit, r.Pct)
	}
}

func TestTable(t *testing.T) {
	f := readTestFile(t, epycFile)
	var b strings.Builder
	WriteHeader(&b, f)
	b.WriteString("\n")
	if err := WriteTable(&b, Summarize(f, nil)); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"cpu:       AMD EPYC", "L1d 32 KiB, L2 512 KiB, L3 32 MiB", "limits:    FMA peak", "MatVec", "4096x4096", "Tanh", "1M", "%roof"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q", want)
		}
	}
	golden(t, "amd-epyc-quick.table", out)
}

func TestCompare(t *testing.T) {
	files := []*File{readTestFile(t, epycFile), readTestFile(t, arm64File), readTestFile(t, gotest)}
	var b strings.Builder
	if err := WriteCompare(&b, files, nil); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	// every series is a column; go test output merges in by kernel and size
	for _, want := range []string{"amd-epyc-quick avx2", "amd-epyc-quick generic", "qemu-arm64 generic", "gotest-dot avx2", "FMA GFLOP/s", "read DRAM GB/s"} {
		if !strings.Contains(out, want) {
			t.Errorf("compare lacks %q", want)
		}
	}
	golden(t, "compare.txt", out)

	b.Reset()
	if err := WriteCompare(&b, files[:1], regexp.MustCompile("^nothing$")); err == nil {
		t.Error("compare with nothing left after the filter succeeded")
	}
}

// TestCompareRatios checks the speed ratios of the compare table on two
// hand-made files.
func TestCompareRatios(t *testing.T) {
	a, _ := Parse(strings.NewReader("BenchmarkMatVec/impl=x/n=64 1 1000 ns/op\nBenchmarkTanh/impl=x/n=4096 1 4096 ns/op\n"))
	b, _ := Parse(strings.NewReader("BenchmarkMatVec/impl=x/n=64 1 500 ns/op\nBenchmarkTanh/impl=x/n=4096 1 8192 ns/op\n"))
	a.Label, b.Label = "A", "B"
	var out strings.Builder
	if err := WriteCompare(&out, []*File{a, b}, nil); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	// MatVec 64: 8192 flops in 1000 ns = 8.192 GFLOP/s; B twice as fast
	if !strings.Contains(s, "8.192") || !strings.Contains(s, "16.38 x2.00") {
		t.Errorf("MatVec ratio missing:\n%s", s)
	}
	// Tanh 4096: 1 ns/elem vs 2 ns/elem: B at half the speed
	if !strings.Contains(s, "2 x0.50") {
		t.Errorf("Tanh ratio missing:\n%s", s)
	}
}

func TestSVG(t *testing.T) {
	files := []*File{readTestFile(t, epycFile), readTestFile(t, arm64File)}
	var b bytes.Buffer
	if err := WriteSVG(&b, files, nil, `kernels <&> "CPUs"`); err != nil {
		t.Fatal(err)
	}
	ss := MakeSeries(files, nil)
	wantLines := 0
	for _, s := range ss {
		kern := map[string]bool{}
		for _, r := range s.Rows {
			kern[r.Kernel] = true
		}
		wantLines += len(kern)
	}
	svg := b.String()
	d := xml.NewDecoder(strings.NewReader(svg))
	var w, h float64
	root, polylines, circles, texts := "", 0, 0, 0
	for {
		tok, err := d.Token()
		if err != nil {
			if err.Error() == "EOF" {
				break
			}
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		attr := map[string]string{}
		for _, a := range se.Attr {
			attr[a.Name.Local] = a.Value
		}
		if root == "" {
			root = se.Name.Local
			if se.Name.Space != "http://www.w3.org/2000/svg" {
				t.Errorf("root namespace %q", se.Name.Space)
			}
			w, _ = strconv.ParseFloat(attr["width"], 64)
			h, _ = strconv.ParseFloat(attr["height"], 64)
		}
		inside := func(x, y string) {
			xv, err1 := strconv.ParseFloat(x, 64)
			yv, err2 := strconv.ParseFloat(y, 64)
			if err1 != nil || err2 != nil || xv < 0 || yv < 0 || xv > w || yv > h {
				t.Errorf("<%s> point (%s, %s) outside the %vx%v canvas", se.Name.Local, x, y, w, h)
			}
		}
		switch se.Name.Local {
		case "polyline":
			polylines++
			for _, p := range strings.Fields(attr["points"]) {
				x, y, _ := strings.Cut(p, ",")
				inside(x, y)
			}
		case "circle":
			circles++
			inside(attr["cx"], attr["cy"])
		case "text":
			texts++
		}
	}
	if root != "svg" || w <= 0 || h <= 0 {
		t.Fatalf("root <%s> %vx%v", root, w, h)
	}
	if polylines != wantLines {
		t.Errorf("%d polylines, want %d (one per series and kernel)", polylines, wantLines)
	}
	if circles == 0 || texts == 0 {
		t.Errorf("%d points, %d labels", circles, texts)
	}
	if !strings.Contains(svg, "kernels &lt;&amp;&gt; &#34;CPUs&#34;") || strings.Contains(svg, "NaN") {
		t.Error("title not escaped, or NaN in the chart")
	}
}

func TestKernelTable(t *testing.T) {
	seen := map[string]bool{}
	for _, k := range Kernels {
		if seen[k.Name] {
			t.Errorf("kernel %s listed twice", k.Name)
		}
		seen[k.Name] = true
		if k.Shape == Custom {
			if k.Setup == nil && k.Start == nil || k.Cost == nil || k.Sizes == nil {
				t.Errorf("kernel %s: Custom without Setup or Start, Cost or Sizes", k.Name)
			}
			continue
		}
		if k.Read <= 0 || k.Written < 0 || k.Arrays <= 0 || k.Run == nil || len(k.SizeList()) == 0 {
			t.Errorf("kernel %s: incomplete entry %+v", k.Name, k)
		}
	}
	// Every kernel runs on its operands and leaves finite values.
	for _, k := range Kernels {
		if k.Shape == Custom {
			continue
		}
		n := 64
		all := newArgs([]Kernel{{Name: k.Name, Shape: k.Shape, Sizes: []int{n}}})
		small := all.slice(k.Shape, n)
		all.reset(k.Shape, n)
		k.Run(small)
		for _, v := range small.A {
			if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
				t.Errorf("%s produced %v", k.Name, v)
				break
			}
		}
	}
}

func TestSizeString(t *testing.T) {
	for _, tc := range []struct {
		k    string
		n    int
		want string
	}{{"MatVec", 64, "64x64"}, {"Dot", 4096, "4096"}, {"Dot", 1 << 20, "1M"}, {"Dot", 65536, "64K"}, {"Foo", 100, "100"}} {
		if got := SizeString(tc.k, tc.n); got != tc.want {
			t.Errorf("SizeString(%s, %d) = %q, want %q", tc.k, tc.n, got, tc.want)
		}
	}
}

func TestSysfsCaches(t *testing.T) {
	dir := t.TempDir()
	for i, c := range [][3]string{{"1", "Data", "64K"}, {"1", "Instruction", "64K"}, {"2", "Unified", "1024K"}, {"3", "Unified", "32M"}} {
		d := filepath.Join(dir, fmt.Sprintf("index%d", i))
		os.MkdirAll(d, 0o755)
		os.WriteFile(filepath.Join(d, "level"), []byte(c[0]+"\n"), 0o644)
		os.WriteFile(filepath.Join(d, "type"), []byte(c[1]+"\n"), 0o644)
		os.WriteFile(filepath.Join(d, "size"), []byte(c[2]+"\n"), 0o644)
	}
	got := sysfsCaches(dir)
	if got.L1D != 64<<10 || got.L2 != 1<<20 || got.L3 != 32<<20 {
		t.Errorf("sysfsCaches = %+v", got)
	}
	if got := sysfsCaches(filepath.Join(dir, "none")); got.L1D != -1 || got.L3 != -1 {
		t.Errorf("missing folder gave %+v", got)
	}
}

// TestRNNKernels runs the entries of every cell and checks the RNN's and
// the LSTM's costs by hand for H = 100, V = 65, 25 characters.
func TestRNNKernels(t *testing.T) {
	for _, name := range []string{"RNNTrainStep", "RNNStep", "LSTMTrainStep", "LSTMStep", "GRUTrainStep", "GRUStep", "RNNStepBatch32", "LSTMStepBatch32", "GRUStepBatch32", "RNNTrainBatch32", "LSTMTrainBatch32", "GRUTrainBatch32"} {
		k, ok := KernelByName(name)
		if !ok {
			t.Fatalf("%s missing", name)
		}
		call, err := k.Setup(16)
		if err != nil {
			t.Fatal(err)
		}
		call()
		call()
		if got := SizeString(name, 256); got != "H=256" {
			t.Errorf("SizeString = %q", got)
		}
	}
	tr, _ := KernelByName("RNNTrainStep")
	st, _ := KernelByName("RNNStep")
	// parameters: 100*65 + 100*100 + 100 + 65*100 + 65 = 23165
	// LSTM: 4 x (100*65 + 100*100 + 2*100) + 65*100 + 65 = 73365; its step
	// reads Whh (4 x 100 x 100), Why and a column of Wxh.
	if got := rnnParams(rnn.LSTM, 100); got != 73365 {
		t.Errorf("LSTM params %v", got)
	}
	if lst, _ := KernelByName("LSTMStep"); lst.FlopCount(100) != 2*(40000+6500) {
		t.Errorf("LSTM step flops %v", lst.FlopCount(100))
	}
	if got := rnnParams(rnn.RNN, 100); got != 23165 {
		t.Errorf("params %v", got)
	}
	// 25 chars x 6 x (10000 + 6500) flops
	if got := tr.FlopCount(100); got != 25*6*16500 {
		t.Errorf("train flops %v", got)
	}
	// Whh (100*100*4 bytes) read forward and backward at each of 25 steps,
	// plus once-per-chunk terms
	if got, want := tr.ReadCount(100), 25*8*10000.0+12*6500+4*10000+12*23165; got != want {
		t.Errorf("train bytes read %v, want %v", got, want)
	}
	if got := tr.Footprint(100); got != 40000 {
		t.Errorf("train footprint %v, want Whh's 40000 bytes", got)
	}
	if got := tr.Elems(100); got != 25 {
		t.Errorf("train elems %v", got)
	}
	if got := st.FlopCount(100); got != 2*16500 {
		t.Errorf("step flops %v", got)
	}
	if got := st.Footprint(100); got != 4*23165 {
		t.Errorf("step footprint %v", got)
	}
}

// TestComparePeers merges a peer module's go test output (impl=, n= keys,
// -GOMAXPROCS suffix, libraries as implementations) with a simdbench file.
func TestComparePeers(t *testing.T) {
	ours := readTestFile(t, epycFile)
	peers, err := Parse(strings.NewReader("goos: linux\ncpu: AMD EPYC\nBenchmarkMatVec/impl=gonum/n=64-2 1000 819.2 ns/op 10.0 GFLOP/s 0 B/op\nBenchmarkMatVec/impl=simdrnn-avx2/n=64-2 1000 163.84 ns/op\nBenchmarkMatMul/impl=vek/n=64-2 10 1000 ns/op 8.0 GFLOP/s\n"))
	if err != nil {
		t.Fatal(err)
	}
	peers.Label = "peers"
	var b strings.Builder
	if err := WriteCompare(&b, []*File{ours, peers}, regexp.MustCompile(`/64$`)); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"peers gonum", "peers simdrnn-avx2", "peers vek", "MatMul"} {
		if !strings.Contains(out, want) {
			t.Errorf("compare lacks %q:\n%s", want, out)
		}
	}
	// MatVec 64x64 in 819.2 ns is 8192/819.2 = 10 GFLOP/s, in 163.84 ns 50.
	var row string
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, "MatVec") && strings.Contains(line, "64x64") {
			row = line
		}
	}
	if !strings.Contains(row, " 10 x") || !strings.Contains(row, " 50 x") {
		t.Errorf("MatVec 64x64 row lacks the peers' 10 and 50 GFLOP/s: %q", row)
	}
}

// TestGemmKernels runs every matrix-matrix entry once at a small size and
// checks its flop count.
func TestGemmKernels(t *testing.T) {
	for _, tc := range []struct {
		name    string
		m, n, k float64
	}{{"Gemm", 16, 16, 16}, {"GemmN16", 16, 16, 16}, {"GemmN32", 16, 32, 16}, {"GemmBatch32", 32, 16, 16}, {"GemmGradTN", 16, 16, 1600}} {
		k, ok := KernelByName(tc.name)
		if !ok {
			t.Fatalf("%s missing", tc.name)
		}
		call, err := k.Setup(16)
		if err != nil {
			t.Fatal(err)
		}
		call()
		if got, want := k.FlopCount(16), 2*tc.m*tc.n*tc.k; got != want {
			t.Errorf("%s: %v flops at n = 16, want %v", tc.name, got, want)
		}
	}
}
