package bench

import (
	"fmt"
	"io"
	"regexp"
	"sort"
	"text/tabwriter"
)

// Series is one line of a comparison: one implementation in one file.
type Series struct {
	Label string // the column heading (see MakeSeries)
	File  *File  // the file the rows come from
	Impl  string // the implementation ("avx2", or a peer's name)
	Rows  []Row  // the file's summarized rows of that implementation
}

// MakeSeries splits the summarized rows of files into series, one per file
// and implementation, in file order and then in order of appearance. Labels
// are the implementation when there is one file, the file's label when every
// file has one implementation, and "label impl" otherwise.
func MakeSeries(files []*File, filter *regexp.Regexp) []Series {
	var out []Series
	multiImpl := false
	per := make([][]Series, len(files))
	for i, f := range files {
		idx := map[string]int{}
		for _, r := range Summarize(f, filter) {
			j, ok := idx[r.Impl]
			if !ok {
				j = len(per[i])
				idx[r.Impl] = j
				per[i] = append(per[i], Series{File: f, Impl: r.Impl})
			}
			per[i][j].Rows = append(per[i][j].Rows, r)
		}
		if len(per[i]) > 1 {
			multiImpl = true
		}
	}
	for _, ss := range per {
		for _, s := range ss {
			switch {
			case len(files) == 1:
				s.Label = s.Impl
			case !multiImpl:
				s.Label = s.File.Label
			default:
				s.Label = s.File.Label + " " + s.Impl
			}
			out = append(out, s)
		}
	}
	return out
}

// Metric returns the figure a row is compared and charted by: GFLOP/s when
// the kernel's operations are counted, else ns/element, else ns/op; higher
// is better for GFLOP/s only.
func (r Row) Metric() (v float64, unit string, higherBetter bool) {
	switch {
	case r.GFLOPs > 0:
		return r.GFLOPs, "GFLOP/s", true
	case r.NsElem > 0:
		return r.NsElem, "ns/elem", false
	default:
		return r.NsOp, "ns/op", false
	}
}

type rowKey struct {
	kernel string
	n      int
}

// rowKeys returns the kernel x size pairs of the series, in Kernels order
// (split steps by thread count, see kernelRank; unknown kernels after, by
// name), then by size.
func rowKeys(ss []Series) []rowKey {
	seen := map[rowKey]bool{}
	var keys []rowKey
	for _, s := range ss {
		for _, r := range s.Rows {
			k := rowKey{r.Kernel, r.N}
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	kr := kernelRank()
	rank := func(name string) (int, int) {
		if i, t, ok := kr(name); ok {
			return i, t
		}
		return len(Kernels), 0
	}
	sort.SliceStable(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		ra, ta := rank(a.kernel)
		rb, tb := rank(b.kernel)
		if ra != rb {
			return ra < rb
		}
		if ta != tb {
			return ta < tb
		}
		if a.kernel != b.kernel {
			return a.kernel < b.kernel
		}
		return a.n < b.n
	})
	return keys
}

// WriteCompare writes a side-by-side comparison of files: each file's CPU
// and limits, the limits next to each other, then for every kernel and size
// the GFLOP/s (or ns/element) of every series with its speed relative to the
// first series that has the row (x1.50 = 1.5 times as fast).
func WriteCompare(w io.Writer, files []*File, filter *regexp.Regexp) error {
	for _, f := range files {
		fmt.Fprintf(w, "%s: %s (%s)", f.Label, f.Get("cpu"), f.Get("goarch"))
		if im := f.Get("impls"); im != "" {
			fmt.Fprintf(w, "; kernels %s", im)
		}
		fmt.Fprintln(w)
		if n := f.Get("note"); n != "" {
			fmt.Fprintf(w, "  note: %s\n", n)
		}
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "limit\t")
	for _, f := range files {
		fmt.Fprintf(tw, "%s\t", f.Label)
	}
	fmt.Fprintln(tw)
	fmt.Fprint(tw, "measured with\t")
	for _, f := range files {
		fmt.Fprintf(tw, "%s\t", methodVectors(FileRoofline(f).Method))
	}
	fmt.Fprintln(tw)
	for _, lr := range limitRows(files) {
		fmt.Fprintf(tw, "%s\t", lr.name)
		for _, v := range lr.values {
			fmt.Fprintf(tw, "%s\t", opt(v, "%.1f"))
		}
		fmt.Fprintln(tw)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)

	ss := MakeSeries(files, filter)
	if len(ss) == 0 {
		return fmt.Errorf("no kernel results to compare")
	}
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "kernel\tsize\tunit\t")
	for _, s := range ss {
		fmt.Fprintf(tw, "%s\t", s.Label)
	}
	fmt.Fprintln(tw)
	prev := ""
	for _, cr := range compareRows(ss) {
		name := cr.kernel
		if name == prev {
			name = ""
		}
		prev = cr.kernel
		fmt.Fprintf(tw, "%s\t%s\t%s\t", name, SizeString(cr.kernel, cr.n), cr.unit)
		for _, c := range cr.cells {
			fmt.Fprintf(tw, "%s\t", c)
		}
		fmt.Fprintln(tw)
	}
	return tw.Flush()
}

// limitRow is one limit of a comparison and its value in each file (0 when
// not measured).
type limitRow struct {
	name   string
	values []float64
}

// limitRows returns the FMA peak and the read and write bandwidths of every
// level, one row each, with a value per file.
func limitRows(files []*File) []limitRow {
	rfs := make([]Roofline, len(files))
	for i, f := range files {
		rfs[i] = FileRoofline(f)
	}
	fma := limitRow{name: "FMA GFLOP/s"}
	for _, rf := range rfs {
		fma.values = append(fma.values, rf.FMA)
	}
	out := []limitRow{fma}
	for _, dir := range []string{"read", "write"} {
		for _, lv := range []string{"L1", "L2", "L3", "DRAM"} {
			lr := limitRow{name: dir + " " + lv + " GB/s"}
			for _, rf := range rfs {
				v := 0.0
				for _, l := range rf.Levels {
					if l.Name == lv && dir == "read" {
						v = l.GBs
					} else if l.Name == lv {
						v = l.WriteGBs
					}
				}
				lr.values = append(lr.values, v)
			}
			out = append(out, lr)
		}
	}
	return out
}

// compareRow is one kernel and size of a comparison: the unit and one cell
// per series.
type compareRow struct {
	rowKey
	unit  string
	cells []string
}

// compareRows returns the rows of a comparison of the series: for every
// kernel and size, the metric of each series ("-" where it has none) with
// its speed relative to the first series that has the row (x1.50 = 1.5
// times as fast).
func compareRows(ss []Series) []compareRow {
	var out []compareRow
	for _, k := range rowKeys(ss) {
		cells := make([]string, len(ss))
		var base float64
		unit := ""
		for i, s := range ss {
			for _, r := range s.Rows {
				if r.Kernel != k.kernel || r.N != k.n {
					continue
				}
				v, u, hb := r.Metric()
				if unit == "" {
					unit = u
				}
				if u != unit { // a kernel measured in different units across files
					cells[i] = fmt.Sprintf("%.4g %s", v, u)
					break
				}
				cells[i] = fmt.Sprintf("%.4g", v)
				if base == 0 {
					base = v
				} else if v > 0 {
					ratio := v / base
					if !hb {
						ratio = base / v
					}
					cells[i] += fmt.Sprintf(" x%.2f", ratio)
				}
				break
			}
			if cells[i] == "" {
				cells[i] = "-"
			}
		}
		out = append(out, compareRow{k, unit, cells})
	}
	return out
}
