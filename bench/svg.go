package bench

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"regexp"
	"strings"
	"unicode/utf8"
)

// palette holds the line colours, one per series (repeating after ten).
var palette = []string{"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"}

// Chart layout, in SVG user units.
const (
	panelW, panelH = 330, 220
	plotL, plotR   = 58, 12 // plot area inset inside a panel
	plotT, plotB   = 26, 36
	chartCols      = 3
)

// WriteSVG draws one panel per kernel: GFLOP/s (or ns/element for kernels
// whose operations are not counted) against size on a log2 axis, one line
// per series (implementation, or file when comparing files), with a legend.
// It writes a standalone SVG document using only the standard library.
func WriteSVG(w io.Writer, files []*File, filter *regexp.Regexp, title string) error {
	ss := MakeSeries(files, filter)
	if len(ss) == 0 {
		return fmt.Errorf("no kernel results to chart")
	}
	var kernelsSeen []string
	seen := map[string]bool{}
	for _, k := range rowKeys(ss) {
		if !seen[k.kernel] {
			seen[k.kernel] = true
			kernelsSeen = append(kernelsSeen, k.kernel)
		}
	}
	rows := (len(kernelsSeen) + chartCols - 1) / chartCols
	width := chartCols*panelW + 20
	perRow := legendPerRow(ss, width-20)
	legendH := 22 * ((len(ss) + perRow - 1) / perRow)
	headH := 34 + legendH
	height := headH + rows*panelH + 10

	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="11">`+"\n", width, height, width, height)
	fmt.Fprintf(bw, `<rect width="%d" height="%d" fill="white"/>`+"\n", width, height)
	fmt.Fprintf(bw, `<text x="10" y="20" font-size="14" font-weight="bold">%s</text>`+"\n", esc(title))
	for i, s := range ss {
		x, y := 10+(i%perRow)*((width-20)/perRow), 40+22*(i/perRow)
		c := palette[i%len(palette)]
		fmt.Fprintf(bw, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="2.5"/>`, x, y-4, x+22, y-4, c)
		fmt.Fprintf(bw, `<text x="%d" y="%d">%s</text>`+"\n", x+28, y, esc(s.Label))
	}
	for p, kern := range kernelsSeen {
		ox, oy := 10+(p%chartCols)*panelW, headH+(p/chartCols)*panelH
		panel(bw, ss, kern, float64(ox), float64(oy))
	}
	fmt.Fprintln(bw, "</svg>")
	return bw.Flush()
}

// legendPerRow returns how many legend entries fit side by side in width:
// up to four, fewer when the longest label (at about 7 units per
// character, a 22-unit line and the gaps) would overlap the next entry.
func legendPerRow(ss []Series, width int) int {
	longest := 0
	for _, s := range ss {
		longest = max(longest, utf8.RuneCountInString(s.Label))
	}
	return max(1, min(4, width/(40+7*longest)))
}

// panel draws one kernel's chart with its top-left corner at (ox, oy).
func panel(w io.Writer, ss []Series, kern string, ox, oy float64) {
	type pt struct{ x, y float64 }
	lines := make([][]pt, len(ss))
	xmin, xmax, ymax := math.Inf(1), math.Inf(-1), 0.0
	unit := ""
	var sizes []int
	sizeSeen := map[int]bool{}
	for i, s := range ss {
		for _, r := range s.Rows {
			if r.Kernel != kern || r.N <= 0 {
				continue
			}
			v, u, _ := r.Metric()
			if unit == "" {
				unit = u
			}
			if u != unit || v <= 0 || math.IsInf(v, 0) || math.IsNaN(v) {
				continue
			}
			x := math.Log2(float64(r.N))
			lines[i] = append(lines[i], pt{x, v})
			xmin, xmax, ymax = min(xmin, x), max(xmax, x), max(ymax, v)
			if !sizeSeen[r.N] {
				sizeSeen[r.N] = true
				sizes = append(sizes, r.N)
			}
		}
	}
	x0, x1 := ox+plotL, ox+panelW-plotR
	y0, y1 := oy+panelH-plotB, oy+plotT
	what := unit
	if unit != "GFLOP/s" {
		what += ", lower is better"
	}
	fmt.Fprintf(w, `<g><text x="%.1f" y="%.1f" font-weight="bold">%s <tspan font-weight="normal" fill="#555">(%s)</tspan></text>`+"\n", x0, oy+16, esc(kern), esc(what))
	fmt.Fprintf(w, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="none" stroke="#999"/>`+"\n", x0, y1, x1-x0, y0-y1)
	if math.IsInf(xmin, 0) {
		fmt.Fprintln(w, "</g>")
		return
	}
	if xmax == xmin {
		xmin, xmax = xmin-1, xmax+1
	}
	step := niceStep(ymax / 4)
	top := step * math.Ceil(ymax*1.02/step)
	px := func(x float64) float64 { return x0 + (x-xmin)/(xmax-xmin)*(x1-x0) }
	py := func(y float64) float64 { return y0 - y/top*(y0-y1) }
	for i := 0; float64(i)*step <= top*1.0001; i++ {
		v := float64(i) * step
		y := py(v)
		fmt.Fprintf(w, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#e4e4e4"/>`, x0, y, x1, y)
		fmt.Fprintf(w, `<text x="%.1f" y="%.1f" text-anchor="end">%s</text>`+"\n", x0-4, y+4, esc(fmt.Sprintf("%.3g", v)))
	}
	for _, n := range sizes {
		x := px(math.Log2(float64(n)))
		fmt.Fprintf(w, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#999"/>`, x, y0, x, y0+4)
		fmt.Fprintf(w, `<text x="%.1f" y="%.1f" text-anchor="middle">%s</text>`+"\n", x, y0+16, esc(tickLabel(kern, n)))
	}
	fmt.Fprintf(w, `<text x="%.1f" y="%.1f" text-anchor="middle" fill="#555">%s</text>`+"\n", (x0+x1)/2, y0+30, esc(axisName(kern)))
	for i, l := range lines {
		if len(l) == 0 {
			continue
		}
		c := palette[i%len(palette)]
		var b strings.Builder
		for j, p := range l {
			if j > 0 {
				b.WriteByte(' ')
			}
			fmt.Fprintf(&b, "%.1f,%.1f", px(p.x), py(p.y))
		}
		fmt.Fprintf(w, `<polyline fill="none" stroke="%s" stroke-width="2" points="%s"><title>%s</title></polyline>`+"\n", c, b.String(), esc(ss[i].Label))
		for _, p := range l {
			fmt.Fprintf(w, `<circle cx="%.1f" cy="%.1f" r="2.5" fill="%s"/>`, px(p.x), py(p.y), c)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, "</g>")
}

// niceStep rounds v up to 1, 2, 2.5 or 5 times a power of ten.
func niceStep(v float64) float64 {
	if v <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 2.5, 5} {
		if m*p >= v {
			return m * p
		}
	}
	return 10 * p
}

// tickLabel is the label of size n on the x axis: n itself for matrix
// kernels (the axis says n x n), SizeString otherwise.
func tickLabel(kern string, n int) string {
	if k, ok := KernelByName(kern); ok && k.Shape == Matrix {
		return fmt.Sprint(n)
	}
	if k, ok := KernelByName(kern); ok && k.SizeName != "" {
		return fmt.Sprint(n)
	}
	return SizeString(kern, n)
}

// axisName names the x axis of a kernel's panel.
func axisName(kern string) string {
	k, ok := KernelByName(kern)
	switch {
	case ok && k.Shape == Matrix:
		return "n (n x n matrix)"
	case ok && k.SizeName != "":
		return k.SizeName
	case ok:
		return "elements"
	}
	return "size"
}

// esc escapes s for XML text and attribute values.
func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}
