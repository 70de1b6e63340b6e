package bench

import (
	"fmt"
	"io"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/simdrnn/simdrnn/internal/cpu"
)

// Row summarizes the measurements of one kernel x implementation x size.
type Row struct {
	Kernel, Impl string
	N            int
	Samples      int     // benchmark lines summarized (rounds or -count)
	NsOp         float64 // median ns/op
	Spread       float64 // half the range of the samples, in % of the median
	NsElem       float64 // 0 when the kernel is unknown
	GFLOPs       float64 // 0 when the operations are not counted
	GBs          float64 // compulsory traffic / time; 0 when unknown
	Pct          float64 // % of the roofline; 0 when unknown
	Limit        string  // the limit that applies: FMA, L1, L2, L3, DRAM
	Known        bool    // the kernel is in Kernels
	// Goroutines is the median of the results' "goroutines" figures: the
	// goroutines a split step ran on (see ThreadRows); 0 when not recorded.
	Goroutines float64
	// NsMin is the fastest sample's ns/op.
	NsMin float64
}

// Summarize groups the kernel results of f by kernel, implementation and
// size, takes the median of each, and computes the derived units and the
// roofline percentage from the limits recorded in f. Rows are in the order
// of Kernels (split steps by thread count, see kernelRank; unknown kernels
// after, in order of appearance), then by size,
// then by implementation in order of appearance. Results whose name does
// not match filter (when not nil) are left out; the name matched is
// "kernel/impl/size".
func Summarize(f *File, filter *regexp.Regexp) []Row {
	rf := FileRoofline(f)
	type key struct {
		k, impl string
		n       int
	}
	samples := map[key][]Result{}
	var keys []key
	implOrder := map[string]int{}
	rank := kernelRank()
	kernOrder := map[string][2]int{}
	for _, r := range f.Results {
		if strings.HasPrefix(r.Kernel, "Limit") || r.NsPerOp() <= 0 {
			continue
		}
		if !Matches(filter, r.Kernel, r.Impl, r.N) {
			continue
		}
		kk := key{r.Kernel, r.Impl, r.N}
		if _, ok := samples[kk]; !ok {
			keys = append(keys, kk)
		}
		samples[kk] = append(samples[kk], r)
		if _, ok := implOrder[r.Impl]; !ok {
			implOrder[r.Impl] = len(implOrder)
		}
		if _, ok := kernOrder[r.Kernel]; !ok {
			i, t, known := rank(r.Kernel)
			if !known {
				i, t = len(kernOrder)+len(Kernels), 0
			}
			kernOrder[r.Kernel] = [2]int{i, t}
		}
	}
	sort.SliceStable(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if oa, ob := kernOrder[a.k], kernOrder[b.k]; oa != ob {
			return oa[0] < ob[0] || oa[0] == ob[0] && oa[1] < ob[1]
		}
		if a.n != b.n {
			return a.n < b.n
		}
		return implOrder[a.impl] < implOrder[b.impl]
	})
	rows := make([]Row, 0, len(keys))
	for _, kk := range keys {
		rs := samples[kk]
		ns := make([]float64, len(rs))
		for i, r := range rs {
			ns[i] = r.NsPerOp()
		}
		med := median(ns)
		row := Row{Kernel: kk.k, Impl: kk.impl, N: kk.n, Samples: len(rs), NsOp: med}
		row.NsMin, _ = minmax(ns)
		var gor []float64
		for _, r := range rs {
			if v, ok := r.Get("goroutines"); ok {
				gor = append(gor, v)
			}
		}
		if len(gor) > 0 {
			row.Goroutines = median(gor)
		}
		if len(ns) > 1 {
			lo, hi := minmax(ns)
			row.Spread = 100 * (hi - lo) / 2 / med
		}
		if k, ok := KernelByName(kk.k); ok && kk.n > 0 {
			if row.Goroutines > 0 {
				k = k.onGoroutines(row.Goroutines)
			}
			row.Known = true
			row.NsElem = med / k.Elems(kk.n)
			row.GFLOPs = k.FlopCount(kk.n) / med
			row.GBs = k.ByteCount(kk.n) / med
			row.Pct, row.Limit = rf.Percent(k, kk.n, med)
		} else {
			// A kernel this version does not know (e.g. from a peer's
			// go test run): keep what the file reports.
			var g []float64
			for _, r := range rs {
				if v, ok := r.Get("GFLOP/s"); ok {
					g = append(g, v)
				}
			}
			if len(g) > 0 {
				row.GFLOPs = median(g)
			}
		}
		rows = append(rows, row)
	}
	return rows
}

// kernelRank returns the rank of kernel names in table order: a kernel's
// index in Kernels, and for a split step also its thread count; a split step
// at a thread count Kernels lacks (from a machine with more cores) ranks
// with the last entry Kernels has of its step, after it by thread count. ok
// is false for names that are neither.
func kernelRank() func(name string) (rank, threads int, ok bool) {
	idx := map[string]int{}
	last := map[string]int{}
	for i, k := range Kernels {
		idx[k.Name] = i
		if base, _, ok := SplitThreads(k.Name); ok {
			last[base] = i
		}
	}
	return func(name string) (int, int, bool) {
		base, t, split := SplitThreads(name)
		if i, ok := idx[name]; ok {
			return i, t, true
		}
		if i, ok := last[base]; split && ok {
			return i, t, true
		}
		return 0, 0, false
	}
}

func median(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	n := len(s)
	if n == 0 {
		return 0
	}
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

func minmax(v []float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, x := range v {
		lo, hi = min(lo, x), max(hi, x)
	}
	return lo, hi
}

// Matches reports whether filter (nil matches everything) selects the
// kernel at size n in implementation impl. The name matched is
// "kernel/impl/size" with the size as a number ("MatVec/avx2/64") and, when
// tables print it otherwise, also as they print it ("MatVec/avx2/64x64",
// "Tanh/avx2/1M"): either matching selects the job.
func Matches(filter *regexp.Regexp, kernel, impl string, n int) bool {
	if filter == nil {
		return true
	}
	prefix := kernel + "/" + impl + "/"
	if filter.MatchString(prefix + strconv.Itoa(n)) {
		return true
	}
	size := SizeString(kernel, n)
	return size != strconv.Itoa(n) && filter.MatchString(prefix+size)
}

// SizeString formats a size: "64x64" for matrix kernels, "4096" or "1M"
// for vectors.
func SizeString(kernel string, n int) string {
	if k, ok := KernelByName(kernel); ok && k.Shape == Matrix {
		return fmt.Sprintf("%dx%d", n, n)
	} else if ok && k.SizeName != "" {
		return fmt.Sprintf("%s=%d", k.SizeName, n)
	}
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%dM", n>>20)
	case n >= 1<<16 && n%(1<<10) == 0:
		return fmt.Sprintf("%dK", n>>10)
	}
	return fmt.Sprint(n)
}

// WriteHeader writes the description of the machine recorded in f: CPU,
// caches, implementations, and the measured limits.
func WriteHeader(w io.Writer, f *File) {
	fmt.Fprintf(w, "cpu:       %s (%s family %s model %s, %s", f.Get("cpu"), f.Get("cpu-vendor"), f.Get("cpu-family"), f.Get("cpu-model"), f.Get("goarch"))
	if l := f.Get("x86-64-level"); l != "" {
		fmt.Fprintf(w, " x86-64-v%s", l)
	}
	fmt.Fprintf(w, ", %s cores / %s threads)\n", f.Get("cpu-cores"), f.Get("cpu-threads"))
	fmt.Fprintf(w, "caches:    L1d %s, L2 %s, L3 %s\n", cpu.FormatSize(f.Int("cache-l1d")), cpu.FormatSize(f.Int("cache-l2")), cpu.FormatSize(f.Int("cache-l3")))
	if feats := f.Get("cpu-features"); feats != "" {
		fmt.Fprintf(w, "features:  %s\n", feats)
	}
	fmt.Fprintf(w, "kernels:   %s (available: %s)\n", f.Get("impl-default"), f.Get("impls"))
	for _, k := range []string{"date", "go", "gomaxprocs", "note"} {
		if v := f.Get(k); v != "" {
			fmt.Fprintf(w, "%-10s %s\n", k+":", v)
		}
	}
	fmt.Fprintf(w, "limits:    %s\n", LimitsString(FileRoofline(f)))
}

// LimitsString formats a roofline on one line.
func LimitsString(rf Roofline) string {
	var b strings.Builder
	how := map[string]string{"avx512": "AVX-512 assembly, 512-bit vectors", "avx2": "AVX2 assembly", "neon": "NEON assembly", "go": "Go loops, not assembly: a floor, not the hardware's peak"}[rf.Method]
	if how == "" {
		how = rf.Method
	}
	fmt.Fprintf(&b, "FMA peak %.1f GFLOP/s; read", rf.FMA)
	for i, l := range rf.Levels {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, " %s %.1f", l.Name, l.GBs)
	}
	for i, l := range rf.Levels {
		if l.WriteGBs <= 0 {
			continue
		}
		if i == 0 {
			b.WriteString("; write")
		} else {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, " %s %.1f", l.Name, l.WriteGBs)
	}
	fmt.Fprintf(&b, " GB/s (one core, %s)", how)
	return b.String()
}

// WriteTable writes rows as an aligned table: kernel, size, implementation,
// ns/op (with the spread of the samples), GFLOP/s, ns/element, GB/s, the
// limit that applies and the percentage of it reached. When rows hold split
// steps (ThreadRows), a second table follows with their µs per step, the
// goroutines each ran on and the speed-up over one goroutine.
func WriteTable(w io.Writer, rows []Row) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "kernel\tsize\timpl\tns/op\t±\tGFLOP/s\tns/elem\tGB/s\tlimit\t%roof\t")
	prev := ""
	for _, r := range rows {
		name := r.Kernel
		if name == prev {
			name = ""
		}
		prev = r.Kernel
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n",
			name, SizeString(r.Kernel, r.N), r.Impl, num(r.NsOp), spread(r),
			opt(r.GFLOPs, "%.2f"), nsElem(r.NsElem), opt(r.GBs, "%.1f"), r.Limit, opt(r.Pct, "%.0f%%"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	return writeThreadTable(w, rows)
}

func spread(r Row) string {
	if r.Samples < 2 {
		return ""
	}
	return fmt.Sprintf("%.0f%%", r.Spread)
}

func opt(v float64, format string) string {
	if v <= 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return "-"
	}
	return fmt.Sprintf(format, v)
}

// nsElem formats ns/elem with four significant digits, without exponent.
func nsElem(v float64) string {
	if v >= 1000 {
		return opt(v, "%.0f")
	}
	return opt(v, "%.4g")
}

// num formats ns/op with at most four significant digits.
func num(v float64) string {
	switch {
	case v >= 1e4:
		return fmt.Sprintf("%.0f", v)
	case v >= 100:
		return fmt.Sprintf("%.1f", v)
	default:
		return fmt.Sprintf("%.2f", v)
	}
}
