package bench

import (
	"bufio"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/simdrnn/simdrnn/internal/cpu"
)

// headline is one row of the headline table: a kernel at a few sizes, in
// the tier each file's machine uses by default.
type headline struct {
	what   string
	kernel string
	sizes  []int
	// value turns a summarized row into the figure shown.
	value func(Row) string
}

var headlines = []headline{
	{"MatVec, GFLOP/s, n = 64 / 256 / 1024", "MatVec", []int{64, 256, 1024}, gflops},
	{"MatVecT, GFLOP/s, n = 64 / 256 / 1024", "MatVecT", []int{64, 256, 1024}, gflops},
	{"Ger, GFLOP/s, n = 64 / 256 / 1024", "Ger", []int{64, 256, 1024}, gflops},
	{"Gemm (square C += A B), GFLOP/s, n = 256 / 512 / 1024", "Gemm", []int{256, 512, 1024}, gflops},
	{"Tanh, ns per element, 4096 / 1M", "Tanh", []int{4096, 1 << 20}, nsPerElem},
	{"Exp, ns per element, 4096 / 1M", "Exp", []int{4096, 1 << 20}, nsPerElem},
	{"RNN training, iterations/s (25 characters), H = 100 / 256 / 512", "RNNTrainStep", []int{100, 256, 512}, perSecond},
	{"RNN inference step, µs, H = 100 / 256 / 512", "RNNStep", []int{100, 256, 512}, micros},
	{"LSTM training, 32 streams, iterations/s (32 x 25 characters), H = 100 / 256 / 512", "LSTMTrainBatch32", []int{100, 256, 512}, perSecond},
	{"LSTM inference, 32 streams stepped together, µs, H = 100 / 256 / 512", "LSTMStepBatch32", []int{100, 256, 512}, micros},
}

// splitHeadlines are the headline rows of split steps: a step (without its
// thread count) at one size, its µs on each number of goroutines the file
// has (see splitCell).
var splitHeadlines = []struct {
	what, base string
	n          int
}{
	{"RNN step (dense input, no output layer) split across 1 / 2 / 4 ... goroutines, µs (speed-up), H = 1024", "RNNCellStep", 1024},
	{"LSTM step (dense input, no output layer) split across 1 / 2 / 4 ... goroutines, µs (speed-up), H = 1024", "LSTMCellStep", 1024},
}

func gflops(r Row) string    { return opt(r.GFLOPs, "%.1f") }
func nsPerElem(r Row) string { return opt(r.NsElem, "%.3g") }
func micros(r Row) string    { return opt(r.NsOp/1000, "%.3g") }

// perSecond formats the calls per second of r with thousands separators.
func perSecond(r Row) string {
	if r.NsOp <= 0 {
		return "-"
	}
	s := fmt.Sprintf("%.0f", 1e9/r.NsOp)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// MarkdownPath returns how a result file is named and linked in
// WriteMarkdown's tables: its folder's name and its own, as in
// "amd64/amd-epyc-f25m1.txt", a link relative to the results folder.
func MarkdownPath(f *File) string {
	if f.Path == "" {
		return f.Label
	}
	return filepath.Base(filepath.Dir(f.Path)) + "/" + filepath.Base(f.Path)
}

// WriteMarkdown writes a Markdown report of result files, one column per
// file: the machines (CPU, caches, the tier in use, date, command), a
// headline table of a few kernels in the tier each machine uses by
// default, the measured limits, every kernel and size of every file side by
// side (as WriteCompare, with speed ratios to the first column), and each
// file's full table (as "simdbench show"). Each section starts with a
// second-level heading; the caller writes the page's title and
// introduction.
func WriteMarkdown(w io.Writer, files []*File) error {
	if len(files) == 0 {
		return fmt.Errorf("no result files")
	}
	bw := bufio.NewWriter(w)

	fmt.Fprintln(bw, "## Machines")
	fmt.Fprintln(bw)
	mdRow(bw, "file", "CPU", "vendor and model", "ISA level", "cores / threads", "L1d / L2 / L3", "tier used (available)", "date", "Go", "command")
	mdRule(bw, 10)
	for _, f := range files {
		isa := f.Get("goarch")
		if l := f.Get("x86-64-level"); l != "" {
			isa += " x86-64-v" + l
		}
		date, _, _ := strings.Cut(f.Get("date"), "T")
		mdRow(bw,
			fmt.Sprintf("[%s](%s)", MarkdownPath(f), MarkdownPath(f)),
			f.Get("cpu"),
			vendorModel(f),
			isa,
			orDash(f.Get("cpu-cores"))+" / "+orDash(f.Get("cpu-threads")),
			fmt.Sprintf("%s / %s / %s", fmtSize(f.Int("cache-l1d")), fmtSize(f.Int("cache-l2")), fmtSize(f.Int("cache-l3"))),
			orDash(f.Get("impl-default"))+" ("+orDash(f.Get("impls"))+")",
			orDash(date),
			orDash(f.Get("go")),
			code(f.Get("command")),
		)
	}

	heads := make([]string, len(files))
	for i, f := range files {
		heads[i] = f.Label
	}

	fmt.Fprintln(bw)
	fmt.Fprintln(bw, "## Headline")
	fmt.Fprintln(bw)
	fmt.Fprintln(bw, "One core (the split steps: 1, 2, 4, ... up to the cores simdbench ran on), in the tier each machine uses by default (the machines table says which).")
	fmt.Fprintln(bw)
	mdRow(bw, append([]string{""}, heads...)...)
	mdRule(bw, len(files)+1)
	for _, h := range headlines {
		cells := []string{h.what}
		for _, f := range files {
			cells = append(cells, headlineCell(f, h))
		}
		mdRow(bw, cells...)
	}
	for _, h := range splitHeadlines {
		cells := []string{h.what}
		for _, f := range files {
			cells = append(cells, splitCell(f, h.base, h.n, f.Get("impl-default")))
		}
		mdRow(bw, cells...)
	}

	fmt.Fprintln(bw)
	fmt.Fprintln(bw, "## Limits")
	fmt.Fprintln(bw)
	fmt.Fprintln(bw, "One core's FMA peak and its read and write bandwidth with the working set in each level, measured by simdbench's own loops.")
	fmt.Fprintln(bw)
	mdRow(bw, append([]string{"limit"}, heads...)...)
	mdRule(bw, len(files)+1)
	for _, lr := range limitRows(files) {
		cells := []string{lr.name}
		for _, v := range lr.values {
			cells = append(cells, opt(v, "%.1f"))
		}
		mdRow(bw, cells...)
	}

	fmt.Fprintln(bw)
	fmt.Fprintln(bw, "## Every kernel")
	fmt.Fprintln(bw)
	fmt.Fprintln(bw, "GFLOP/s (higher is better) or ns per element (lower is better), with the speed relative to the first column that has the row (x2.00: twice as fast).")
	fmt.Fprintln(bw)
	ss := MakeSeries(files, nil)
	cells := []string{"kernel", "size", "unit"}
	for _, s := range ss {
		cells = append(cells, s.Label)
	}
	mdRow(bw, cells...)
	mdRule(bw, len(cells))
	for _, cr := range compareRows(ss) {
		mdRow(bw, append([]string{cr.kernel, SizeString(cr.kernel, cr.n), cr.unit}, cr.cells...)...)
	}

	fmt.Fprintln(bw)
	fmt.Fprintln(bw, "## Per machine")
	for _, f := range files {
		fmt.Fprintln(bw)
		fmt.Fprintf(bw, "### %s\n\n", f.Label)
		fmt.Fprintf(bw, "<details><summary>%s: limits and every kernel x implementation x size</summary>\n\n", esc(f.Get("cpu")))
		fmt.Fprintln(bw, "```text")
		WriteHeader(bw, f)
		fmt.Fprintln(bw)
		var tb strings.Builder
		if err := WriteTable(&tb, Summarize(f, nil)); err != nil {
			return err
		}
		for _, line := range strings.Split(strings.TrimRight(tb.String(), "\n"), "\n") {
			fmt.Fprintln(bw, strings.TrimRight(line, " "))
		}
		fmt.Fprintln(bw, "```")
		fmt.Fprintln(bw)
		fmt.Fprintln(bw, "</details>")
	}
	return bw.Flush()
}

// headlineCell formats the headline h for file f: its figures at h's sizes,
// separated by " / ", in f's default tier.
func headlineCell(f *File, h headline) string {
	impl := f.Get("impl-default")
	byN := map[int]Row{}
	for _, r := range Summarize(f, nil) {
		if r.Kernel == h.kernel && (r.Impl == impl || impl == "") {
			if _, ok := byN[r.N]; !ok {
				byN[r.N] = r
			}
		}
	}
	var parts []string
	for _, n := range h.sizes {
		if r, ok := byN[n]; ok {
			parts = append(parts, h.value(r))
		} else {
			parts = append(parts, "-")
		}
	}
	return strings.Join(parts, " / ")
}

// splitCell formats the split step base at size n in f's tier impl (the
// first the file has when impl is ""): its µs on each number of goroutines
// asked for, in order, separated by " / ", each after the first with its
// speed-up over one goroutine and, when the stream ran on fewer goroutines
// than asked for, how many it used ("169 (x1.89)", "330 (x0.97, 1 used)");
// "-" when the file has none.
func splitCell(f *File, base string, n int, impl string) string {
	var parts []string
	for _, r := range ThreadRows(Summarize(f, nil)) {
		if r.Base != base || r.N != n {
			continue
		}
		if impl == "" {
			impl = r.Impl
		}
		if r.Impl != impl {
			continue
		}
		p := stepMicros(r.NsOp)
		var notes []string
		if r.Threads > 1 && r.SpeedUp > 0 {
			notes = append(notes, fmt.Sprintf("x%.2f", r.SpeedUp))
		}
		if r.Goroutines > 0 && int(r.Goroutines+0.5) != r.Threads {
			notes = append(notes, fmt.Sprintf("%.0f used", r.Goroutines))
		}
		if len(notes) > 0 {
			p += " (" + strings.Join(notes, ", ") + ")"
		}
		parts = append(parts, p)
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, " / ")
}

// vendorModel names the CPU's vendor, family and model ("AMD family 25
// model 1"), as far as the file records them.
func vendorModel(f *File) string {
	s := f.Get("cpu-vendor")
	if fam := f.Get("cpu-family"); fam != "" && fam != "0" {
		s += " family " + fam + " model " + f.Get("cpu-model")
	}
	return strings.TrimSpace(s)
}

// fmtSize formats a cache size ("32 KiB", "2 MiB"), "-" when unknown.
func fmtSize(n int) string {
	if n <= 0 {
		return "-"
	}
	return cpu.FormatSize(n)
}

// orDash returns s, or "-" when s is empty.
func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// code formats s as inline code, "" as nothing.
func code(s string) string {
	if s == "" {
		return ""
	}
	return "`" + strings.ReplaceAll(s, "`", "'") + "`"
}

// mdRow writes one table row, escaping the pipes in cells.
func mdRow(w io.Writer, cells ...string) {
	var b strings.Builder
	b.WriteString("|")
	for _, c := range cells {
		b.WriteString(" ")
		b.WriteString(strings.ReplaceAll(c, "|", `\|`))
		b.WriteString(" |")
	}
	fmt.Fprintln(w, b.String())
}

// mdRule writes the header rule of a table of n columns.
func mdRule(w io.Writer, n int) {
	fmt.Fprintln(w, "|"+strings.Repeat("---|", n))
}
