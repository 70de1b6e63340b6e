package kernels_test

import (
	"math"
	"sort"
	"strings"
	"testing"

	"github.com/simdrnn/simdrnn/internal/testutil"
	"github.com/simdrnn/simdrnn/kernels"
)

// f16Value is the value of an F16 bit pattern by the definition of
// binary16, computed in float64 independently of the package: ±Inf and NaN
// for exponent 31, (1024+f) * 2^(e-25) for normals, f * 2^-24 for
// subnormals.
func f16Value(h uint16) float64 {
	e, f := int(h>>10&0x1f), float64(h&0x3ff)
	var v float64
	switch {
	case e == 31 && f == 0:
		v = math.Inf(1)
	case e == 31:
		return math.NaN()
	case e == 0:
		v = math.Ldexp(f, -24)
	default:
		v = math.Ldexp(1024+f, e-25)
	}
	if h&0x8000 != 0 {
		v = -v
	}
	return v
}

// bf16Value is the value of a BF16 bit pattern by definition: ±Inf and NaN
// for exponent 255, (128+f) * 2^(e-134) for normals, f * 2^-133 for
// subnormals.
func bf16Value(h uint16) float64 {
	e, f := int(h>>7&0xff), float64(h&0x7f)
	var v float64
	switch {
	case e == 255 && f == 0:
		v = math.Inf(1)
	case e == 255:
		return math.NaN()
	case e == 0:
		v = math.Ldexp(f, -133)
	default:
		v = math.Ldexp(128+f, e-134)
	}
	if h&0x8000 != 0 {
		v = -v
	}
	return v
}

// sameValue reports whether float32 got is exactly want, zeros compared
// with their sign.
func sameValue(got float32, want float64) bool {
	if math.IsNaN(want) {
		return got != got
	}
	return float64(got) == want && math.Signbit(float64(got)) == math.Signbit(want)
}

func TestF16ToF32All(t *testing.T) {
	for h := range 1 << 16 {
		got := kernels.F16ToF32(kernels.F16(h))
		want := f16Value(uint16(h))
		if !sameValue(got, want) {
			t.Fatalf("F16ToF32(%#04x) = %v, want %v", h, got, want)
		}
		if want != want {
			// A NaN keeps its sign and its payload, shifted into place.
			if b, w := math.Float32bits(got), uint32(h&0x8000)<<16|0x7f800000|uint32(h&0x3ff)<<13; b != w {
				t.Fatalf("F16ToF32(%#04x) = %#08x, want %#08x", h, b, w)
			}
		}
	}
}

func TestBF16ToF32All(t *testing.T) {
	for h := range 1 << 16 {
		got := kernels.BF16ToF32(kernels.BF16(h))
		want := bf16Value(uint16(h))
		if !sameValue(got, want) {
			t.Fatalf("BF16ToF32(%#04x) = %v, want %v", h, got, want)
		}
		if b := math.Float32bits(got); b != uint32(h)<<16 {
			t.Fatalf("BF16ToF32(%#04x) = %#08x, want %#08x", h, b, uint32(h)<<16)
		}
	}
}

// roundRef rounds to 16 bits by search: the positive finite values of the
// format in increasing order (codes 0..len-1), and the magnitude from which
// values round to infinity (the largest finite value plus half its ulp).
type roundRef struct {
	vals     []float64
	overflow float64
	inf      uint16
}

func newRoundRef(value func(uint16) float64, inf uint16) *roundRef {
	r := &roundRef{inf: inf}
	for c := uint16(0); c < inf; c++ {
		r.vals = append(r.vals, value(c))
	}
	last := r.vals[len(r.vals)-1]
	r.overflow = last + (last-r.vals[len(r.vals)-2])/2
	return r
}

// round returns the code nearest to |x| >= 0, ties to the even code.
func (r *roundRef) round(x float64) uint16 {
	if x >= r.overflow {
		return r.inf
	}
	i := sort.SearchFloat64s(r.vals, x) // first value >= x
	if i == len(r.vals) {
		return uint16(i - 1)
	}
	if r.vals[i] == x || i == 0 {
		return uint16(i)
	}
	lo, hi := x-r.vals[i-1], r.vals[i]-x
	switch {
	case lo < hi:
		return uint16(i - 1)
	case hi < lo:
		return uint16(i)
	case i%2 == 0:
		return uint16(i)
	}
	return uint16(i - 1)
}

var (
	f16Ref  = newRoundRef(f16Value, 0x7c00)
	bf16Ref = newRoundRef(bf16Value, 0x7f80)
)

type rounder struct {
	name string
	ref  *roundRef
	f    func(float32) uint16
	qnan uint16 // quiet bit
	shft int    // float32 fraction bits dropped
}

var rounders = []rounder{
	{"F32ToF16", f16Ref, func(x float32) uint16 { return uint16(kernels.F32ToF16(x)) }, 0x7e00, 13},
	{"F32ToBF16", bf16Ref, func(x float32) uint16 { return uint16(kernels.F32ToBF16(x)) }, 0x7fc0, 16},
}

// check compares the rounding of the float32 with bits b and of its
// negation with the reference.
func (r rounder) check(t *testing.T, b uint32) bool {
	t.Helper()
	x := math.Float32frombits(b &^ 0x80000000)
	if x != x {
		for _, s := range []uint32{0, 0x80000000} {
			nb := b&0x7fffffff | s
			got := r.f(math.Float32frombits(nb))
			want := uint16(s>>16) | r.qnan | uint16((nb&0x7fffff)>>r.shft)&(1<<(23-r.shft)-1)
			if got != want {
				t.Errorf("%s(NaN %#08x) = %#04x, want %#04x", r.name, nb, got, want)
				return false
			}
		}
		return true
	}
	want := r.ref.round(float64(x))
	if got := r.f(x); got != want {
		t.Errorf("%s(%g = %#08x) = %#04x, want %#04x", r.name, x, math.Float32bits(x), got, want)
		return false
	}
	if got := r.f(-x); got != want|0x8000 {
		t.Errorf("%s(%g) = %#04x, want %#04x", r.name, -x, got, want|0x8000)
		return false
	}
	return true
}

// TestF32ToHalfSample checks the roundings against the search reference on
// a dense sample of float32 inputs: every 1021st bit pattern (65521st with
// -short), the values
// within 3 ulps of every midpoint between neighbouring 16-bit values (the
// ties and their neighbours), of every 16-bit value and of the overflow
// threshold, and NaNs with assorted payloads.
func TestF32ToHalfSample(t *testing.T) {
	for _, r := range rounders {
		t.Run(r.name, func(t *testing.T) {
			fails := 0
			chk := func(b uint32) {
				if !r.check(t, b) {
					fails++
					if fails > 10 {
						t.FailNow()
					}
				}
			}
			stride := uint64(1021)
			if testing.Short() {
				stride = 65521
			}
			for b := uint64(0); b < 1<<31; b += stride {
				chk(uint32(b))
			}
			near := func(v float64) {
				b := math.Float32bits(float32(v))
				for d := -3; d <= 3; d++ {
					if nb := int64(b) + int64(d); nb >= 0 && nb < 1<<31 {
						chk(uint32(nb))
					}
				}
			}
			vals := r.ref.vals
			for i := range vals {
				near(vals[i])
				if i+1 < len(vals) {
					near((vals[i] + vals[i+1]) / 2)
				}
			}
			near(r.ref.overflow)
			near(math.MaxFloat32)
			for _, b := range []uint32{0x7f800000, 0x7f800001, 0x7fc00000, 0x7fbfffff, 0x7fffffff, 0x7f802000, 0x7fa5a5a5, 0x7f810000} {
				chk(b)
			}
		})
	}
}

// TestF32ToHalfExhaustive checks the roundings of every float32 against the
// reference, sweeping the positive patterns in order alongside the table
// of 16-bit values (negative inputs by symmetry, in the same pass).
func TestF32ToHalfExhaustive(t *testing.T) {
	skipUnlessExhaustive(t)
	for _, r := range rounders {
		t.Run(r.name, func(t *testing.T) {
			vals := r.ref.vals
			i := 0 // vals[i] <= x < vals[i+1]
			for b := uint32(0); b < 0x7f800000; b++ {
				x := math.Float32frombits(b)
				xv := float64(x)
				for i+1 < len(vals) && vals[i+1] <= xv {
					i++
				}
				var want uint16
				switch {
				case xv >= r.ref.overflow:
					want = r.ref.inf
				case i+1 == len(vals) || xv-vals[i] < vals[i+1]-xv:
					want = uint16(i)
				case xv-vals[i] > vals[i+1]-xv:
					want = uint16(i + 1)
				case i%2 == 0:
					want = uint16(i)
				default:
					want = uint16(i + 1)
				}
				if got := r.f(x); got != want {
					t.Fatalf("%s(%g = %#08x) = %#04x, want %#04x", r.name, x, b, got, want)
				}
				if got := r.f(-x); got != want|0x8000 {
					t.Fatalf("%s(%g) = %#04x, want %#04x", r.name, -x, got, want|0x8000)
				}
			}
			for b := uint32(0x7f800000); b <= 0x7fffffff; b++ {
				if !r.check(t, b) {
					t.FailNow()
				}
			}
		})
	}
}

func TestHalfSliceConversions(t *testing.T) {
	src := []float32{0, 1, -2.5, 65504, 70000, 1e-7, float32(math.Inf(-1)), 3.14159}
	h := make([]kernels.F16, len(src))
	b := make([]kernels.BF16, len(src))
	back := make([]float32, len(src))
	kernels.ToF16(h, src)
	kernels.FromF16(back, h)
	for i, v := range src {
		want := f16Value(f16Ref.round(math.Abs(float64(v))))
		if v < 0 {
			want = -want
		}
		if h[i] != kernels.F32ToF16(v) || !sameValue(back[i], want) {
			t.Errorf("ToF16/FromF16(%v) = %#04x, %v, want %v", v, h[i], back[i], want)
		}
	}
	kernels.ToBF16(b, src)
	kernels.FromBF16(back, b)
	for i, v := range src {
		if b[i] != kernels.F32ToBF16(v) || back[i] != kernels.BF16ToF32(b[i]) {
			t.Errorf("ToBF16/FromBF16(%v) = %#04x, %v", v, b[i], back[i])
		}
	}
}

// halfOp is one 16-bit matrix-vector kernel, with its weights' format.
type halfOp struct {
	name  string
	bf    bool // BF16 (else F16)
	add   bool
	f16   func(y []float32, w []kernels.F16, x []float32)
	bf16  func(y []float32, w []kernels.BF16, x []float32)
	value func(uint16) float64
}

var halfOps = []halfOp{
	{name: "MatVecF16", f16: kernels.MatVecF16, value: f16Value},
	{name: "MatVecF16Add", add: true, f16: kernels.MatVecF16Add, value: f16Value},
	{name: "MatVecBF16", bf: true, bf16: kernels.MatVecBF16, value: bf16Value},
	{name: "MatVecBF16Add", bf: true, add: true, bf16: kernels.MatVecBF16Add, value: bf16Value},
}

// run calls the kernel on w given as bit patterns (in a guarded buffer of
// the right type) and checks that w is unchanged.
func (o halfOp) run(t *testing.T, y []float32, w []uint16, x []float32, off int) {
	t.Helper()
	if o.bf {
		wb := testutil.NewBuf[kernels.BF16](len(w), off).Fill(func(i int) kernels.BF16 { return kernels.BF16(w[i]) })
		w0 := wb.Copy()
		o.bf16(y, wb.S(), x)
		wb.Unchanged(t, "w", w0)
		return
	}
	wb := testutil.NewBuf[kernels.F16](len(w), off).Fill(func(i int) kernels.F16 { return kernels.F16(w[i]) })
	w0 := wb.Copy()
	o.f16(y, wb.S(), x)
	wb.Unchanged(t, "w", w0)
}

// ref returns y (+)= W x in float64 with W's values by definition, and each
// output's sum of absolute terms.
func (o halfOp) ref(y0 []float32, w []uint16, x []float32) (want, sa []float64) {
	m, n := len(y0), len(x)
	want, sa = make([]float64, m), make([]float64, m)
	for i := range m {
		for j := range n {
			p := o.value(w[i*n+j]) * float64(x[j])
			want[i] += p
			sa[i] += math.Abs(p)
		}
		if o.add {
			want[i] += float64(y0[i])
			sa[i] += math.Abs(float64(y0[i]))
		}
	}
	return
}

// halfCols are the column counts the 16-bit kernels are tested at: every
// tail of the 8-, 16- and 32-column steps, and larger rows; with -short
// (emulated legs), the tails around 8, 16, 32 and 64 columns only.
func halfCols() []int {
	if testing.Short() {
		return []int{0, 1, 2, 7, 8, 9, 15, 16, 17, 23, 31, 32, 33, 47, 63, 64, 65, 100, 257}
	}
	var s []int
	for n := 0; n <= 67; n++ {
		s = append(s, n)
	}
	return append(s, 95, 96, 97, 100, 127, 128, 129, 255, 256, 257, 1000)
}

// TestMatVecHalf checks the 16-bit matrix-vector kernels on every tier
// against float64 references, on every row count of MatrixRows crossed with
// halfCols, with unaligned slices between guards, for three kinds of
// weights: small integers (exact whatever the summation order, so the
// result must equal the reference), values rounded from uniform [-1, 1),
// and arbitrary finite bit patterns (subnormals and the largest values
// included), the last two within the float32 summation bound.
func TestMatVecHalf(t *testing.T) {
	testutil.ForEachImpl(t, func(t *testing.T) {
		rowCounts := testutil.MatrixRows()
		if testing.Short() {
			rowCounts = []int{0, 1, 3, 4, 5, 7, 8, 9, 17}
		}
		for _, o := range halfOps {
			for _, rows := range rowCounts {
				for _, cols := range halfCols() {
					for kind := range 3 {
						o.check(t, rows, cols, kind)
					}
				}
			}
		}
	})
}

// check runs o on one rows x cols case; kind 0 is exact small integers, 1
// rounded uniform values, 2 arbitrary finite bit patterns.
func (o halfOp) check(t *testing.T, rows, cols, kind int) {
	t.Helper()
	off := (rows*7 + cols + kind) % 16
	r := testutil.Rand(rows, cols, off, kind)
	w := make([]uint16, rows*cols)
	for i := range w {
		switch kind {
		case 0:
			v := float32(r.IntN(9) - 4)
			if o.bf {
				w[i] = uint16(kernels.F32ToBF16(v))
			} else {
				w[i] = uint16(kernels.F32ToF16(v))
			}
		case 1:
			v := float32(r.Float64()*2 - 1)
			if o.bf {
				w[i] = uint16(kernels.F32ToBF16(v))
			} else {
				w[i] = uint16(kernels.F32ToF16(v))
			}
		default:
			for {
				w[i] = uint16(r.Uint32())
				if !math.IsInf(o.value(w[i]), 0) && !math.IsNaN(o.value(w[i])) &&
					(!o.bf || math.Abs(o.value(w[i])) < 1e30) {
					break
				}
			}
		}
	}
	gen := testutil.Uniform(r)
	if kind == 0 {
		gen = testutil.SmallInts(r, 4)
	}
	xb := testutil.NewBuf[float32](cols, (off+3)%16).Fill(gen)
	yb := testutil.NewBuf[float32](rows, (off+9)%16).Fill(gen)
	x0, y0 := xb.Copy(), yb.Copy()
	o.run(t, yb.S(), w, xb.S(), off)
	want, sa := o.ref(y0, w, x0)
	for i, v := range yb.S() {
		bound := testutil.SumBound(cols+1, sa[i])
		if kind == 0 {
			bound = 0
		}
		if !testutil.Close(v, want[i], bound) {
			t.Fatalf("%s %dx%d kind %d: y[%d] = %v, want %v (bound %g)", o.name, rows, cols, kind, i, v, want[i], bound)
		}
	}
	yb.CheckGuards(t, o.name+" y")
	xb.Unchanged(t, "x", x0)
}

// TestMatVecHalfBlocked covers matrices that the wrappers split into row
// blocks (more than 2^18 elements), including a row longer than a block,
// the shapes around MatVec's thresholds, and calls of 2^17 weights or
// more in blocks of four rows (the avx2 kernels prefetch from there on):
// 8 x 16383 just below, 8 x 16384 at it.
func TestMatVecHalfBlocked(t *testing.T) {
	shapes := [][2]int{{3, 300000}, {129, 128}, {8, 2049}, {1, 16385}, {8, 16383}, {8, 16384}}
	if !testing.Short() {
		shapes = append(shapes, [2]int{700, 600}, [2]int{1024, 1024})
	}
	testutil.ForEachImpl(t, func(t *testing.T) {
		for _, o := range halfOps {
			for _, sh := range shapes {
				o.check(t, sh[0], sh[1], 0)
			}
		}
	})
}

// TestMatVecHalfGuardPages places w and x so that they end exactly at, or
// start exactly after, an inaccessible page.
func TestMatVecHalfGuardPages(t *testing.T) {
	testutil.ForEachImpl(t, func(t *testing.T) {
		// n = 131200 with 4 and 5 rows: calls of 2^17 weights or more.
		for _, n := range []int{1, 3, 7, 8, 9, 15, 16, 17, 31, 33, 63, 65, 100, 1023, 131200} {
			h1, h2 := testutil.PageSlices[kernels.F16](t, n)
			b1, b2 := testutil.PageSlices[kernels.BF16](t, n)
			x1, x2 := testutil.PageSlices[float32](t, n)
			for i := range n {
				h1[i], h2[i] = 0x3c00, 0x3c00 // 1
				b1[i], b2[i] = 0x3f80, 0x3f80 // 1
				x1[i], x2[i] = 1, 1
			}
			for _, p := range []struct {
				h []kernels.F16
				b []kernels.BF16
				x []float32
			}{{h1, b1, x1}, {h2, b2, x2}} {
				for m := 1; m <= 5 && m <= n; m++ {
					c := n / m
					y := make([]float32, m)
					kernels.MatVecF16(y, p.h[len(p.h)-m*c:], p.x[len(p.x)-c:])
					kernels.MatVecF16Add(y, p.h[:m*c], p.x[:c])
					kernels.MatVecBF16Add(y, p.b[len(p.b)-m*c:], p.x[:c])
					kernels.MatVecBF16Add(y, p.b[:m*c], p.x[len(p.x)-c:])
					for i := range y {
						if y[i] != float32(4*c) {
							t.Fatalf("n=%d m=%d: y[%d] = %v, want %d", n, m, i, y[i], 4*c)
						}
					}
				}
			}
		}
	})
}

// TestMatVecHalfSpecial checks that an infinite or NaN weight, or an
// infinite x, propagates as IEEE arithmetic says, on every tier: a matrix
// of 5 rows (a block of four and a single row), each row ones but for the
// special value at one position, must give the float64 reference in every
// row.
func TestMatVecHalfSpecial(t *testing.T) {
	type sp struct {
		name string
		h, b uint16
		xs   float32
	}
	cases := []sp{
		{"w=+Inf", 0x7c00, 0x7f80, 1},
		{"w=-Inf", 0xfc00, 0xff80, 1},
		{"w=NaN", 0x7e01, 0x7fc1, 1},
		{"w=0,x=Inf", 0, 0, float32(math.Inf(1))},
	}
	const rows = 5
	for _, n := range []int{1, 7, 8, 9, 15, 16, 17, 33, 40, 100} {
		for pos := 0; pos < n; pos += max(1, n/5) {
			for _, c := range cases {
				w := make([]uint16, rows*n)
				x := make([]float32, n)
				for i := range n {
					x[i] = 1
				}
				x[pos] = c.xs
				for _, o := range halfOps {
					for i := range w {
						w[i] = 0x3c00
						if o.bf {
							w[i] = 0x3f80
						}
					}
					for r := range rows {
						w[r*n+pos] = c.h
						if o.bf {
							w[r*n+pos] = c.b
						}
					}
					want, _ := o.ref(make([]float32, 1), w[:n], x)
					testutil.ForEachImpl(t, func(t *testing.T) {
						y := make([]float32, rows)
						o.run(t, y, w, x, pos%16)
						for r := range y {
							if !sameValue(y[r], want[0]) {
								t.Errorf("%s %dx%d %s at %d: y[%d] = %v, want %v", o.name, rows, n, c.name, pos, r, y[r], want[0])
							}
						}
					})
				}
			}
		}
	}
}

func TestMatVecHalfPanics(t *testing.T) {
	cases := []struct {
		name string
		f    func()
		want string
	}{
		{"MatVecF16", func() { kernels.MatVecF16(make([]float32, 3), make([]kernels.F16, 14), make([]float32, 5)) }, "len(w) = 14, want len(y)*len(x) = 3*5 = 15"},
		{"MatVecF16Add", func() { kernels.MatVecF16Add(make([]float32, 3), make([]kernels.F16, 16), make([]float32, 5)) }, "len(w) = 16, want len(y)*len(x) = 3*5 = 15"},
		{"MatVecBF16", func() { kernels.MatVecBF16(make([]float32, 2), make([]kernels.BF16, 0), make([]float32, 5)) }, "len(w) = 0, want len(y)*len(x) = 2*5 = 10"},
		{"MatVecBF16Add", func() { kernels.MatVecBF16Add(make([]float32, 1), make([]kernels.BF16, 4), make([]float32, 5)) }, "len(w) = 4, want len(y)*len(x) = 1*5 = 5"},
		{"ToF16", func() { kernels.ToF16(make([]kernels.F16, 2), make([]float32, 3)) }, "len(dst) = 2 != len(src) = 3"},
		{"FromF16", func() { kernels.FromF16(make([]float32, 2), make([]kernels.F16, 3)) }, "len(dst) = 2 != len(src) = 3"},
		{"ToBF16", func() { kernels.ToBF16(make([]kernels.BF16, 4), make([]float32, 3)) }, "len(dst) = 4 != len(src) = 3"},
		{"FromBF16", func() { kernels.FromBF16(make([]float32, 4), make([]kernels.BF16, 3)) }, "len(dst) = 4 != len(src) = 3"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			defer func() {
				r := recover()
				if s, _ := r.(string); !strings.Contains(s, c.want) || !strings.Contains(s, c.name+":") {
					t.Errorf("panic %q, want one containing %q and %q", r, c.name, c.want)
				}
			}()
			c.f()
		})
	}
}

func TestMatVecHalfZeroAllocs(t *testing.T) {
	x := make([]float32, 300)
	y := make([]float32, 300)
	h := make([]kernels.F16, 300*300)
	b := make([]kernels.BF16, 300*300)
	testutil.ForEachImpl(t, func(t *testing.T) {
		for name, f := range map[string]func(){
			"MatVecF16":     func() { kernels.MatVecF16(y, h, x) },
			"MatVecF16Add":  func() { kernels.MatVecF16Add(y, h, x) },
			"MatVecBF16":    func() { kernels.MatVecBF16(y, b, x) },
			"MatVecBF16Add": func() { kernels.MatVecBF16Add(y, b, x) },
		} {
			if a := testing.AllocsPerRun(10, f); a != 0 {
				t.Errorf("%s allocates %v times per call", name, a)
			}
		}
	})
}

// FuzzMatVecHalf checks every tier on fuzzed shapes, weights (raw 16-bit
// patterns, non-finite ones replaced) and vectors against the float64
// reference.
func FuzzMatVecHalf(f *testing.F) {
	f.Add(uint8(3), false, make([]byte, 200))
	f.Add(uint8(9), true, []byte("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"))
	f.Fuzz(func(t *testing.T, rows uint8, bf bool, data []byte) {
		m := int(rows%17) + 1
		// data = [x (n float32) | w (m*n 16-bit)]: 4n + 2mn bytes.
		n := len(data) / (4 + 2*m)
		if n == 0 {
			return
		}
		x := floats(data[:4*n])
		o := halfOps[0]
		if bf {
			o = halfOps[2]
		}
		w := make([]uint16, m*n)
		for i := range w {
			w[i] = uint16(data[4*n+2*i]) | uint16(data[4*n+2*i+1])<<8
			if v := o.value(w[i]); math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > 1e30 {
				w[i] &= 0x83ff // a finite value of either format
			}
		}
		want, sa := o.ref(make([]float32, m), w, x)
		testutil.ForEachImpl(t, func(t *testing.T) {
			y := make([]float32, m)
			o.run(t, y, w, x, 0)
			for i := range y {
				if !testutil.Close(y[i], want[i], testutil.SumBound(n+1, sa[i])) {
					t.Fatalf("%s %dx%d: y[%d] = %v, want %v", o.name, m, n, i, y[i], want[i])
				}
			}
		})
	})
}
