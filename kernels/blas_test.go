package kernels_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/simdrnn/simdrnn/internal/testutil"
	"github.com/simdrnn/simdrnn/kernels"
)

func TestImplementations(t *testing.T) {
	impls := kernels.Implementations()
	t.Logf("implementations: %v, in use: %s", impls, kernels.Implementation())
	for _, info := range kernels.Tiers() {
		if !info.Available {
			t.Logf("tier %s not exercised: this CPU lacks %s", info.Name, strings.Join(info.Missing, ", "))
		}
	}
	if len(impls) == 0 || impls[len(impls)-1] != "generic" {
		t.Fatalf("Implementations() = %v, want generic last", impls)
	}
	if kernels.Implementation() != impls[0] {
		t.Errorf("default %q is not the best available %q", kernels.Implementation(), impls[0])
	}
	err := kernels.Use("nonesuch")
	if err == nil || !strings.Contains(err.Error(), "generic") {
		t.Errorf("Use(unknown) = %v, want an error naming the available tiers", err)
	}
	if kernels.Implementation() != impls[0] {
		t.Errorf("a failed Use changed the tier to %q", kernels.Implementation())
	}
	for _, name := range impls {
		if err := kernels.Use(name); err != nil || kernels.Implementation() != name {
			t.Errorf("Use(%q) = %v, Implementation() = %q", name, err, kernels.Implementation())
		}
	}
	if err := kernels.Use(""); err != nil || kernels.Implementation() != impls[0] {
		t.Errorf(`Use("") = %v, Implementation() = %q, want %q`, err, kernels.Implementation(), impls[0])
	}
}

// offsets returns the start offsets tested for a length: all of 0..15 for
// short vectors, a few for long ones.
func offsets(n int) []int {
	if n <= 67 {
		return []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}
	}
	return []int{0, 1, 7, 15}
}

func dotRef(x, y []float32) (s, sumAbs float64) {
	for i := range x {
		p := float64(x[i]) * float64(y[i])
		s += p
		sumAbs += math.Abs(p)
	}
	return
}

func TestDot(t *testing.T) {
	testutil.ForEachImpl(t, func(t *testing.T) {
		for _, n := range testutil.Sizes() {
			for _, off := range offsets(n) {
				for _, exact := range []bool{true, false} {
					r := testutil.Rand(n, off)
					gen := testutil.Uniform(r)
					if exact {
						gen = testutil.SmallInts(r, 8)
					}
					xb := testutil.NewBuf[float32](n, off).Fill(gen)
					yb := testutil.NewBuf[float32](n, (off+5)%16).Fill(gen)
					x0, y0 := xb.Copy(), yb.Copy()
					got := kernels.Dot(xb.S(), yb.S())
					want, sa := dotRef(x0, y0)
					bound := testutil.SumBound(n, sa)
					if exact {
						bound = 0
					}
					if !testutil.Close(got, want, bound) {
						t.Fatalf("n=%d off=%d exact=%v: Dot = %v, want %v (bound %g)", n, off, exact, got, want, bound)
					}
					xb.Unchanged(t, "x", x0)
					yb.Unchanged(t, "y", y0)
				}
			}
		}
	})
}

func TestAxpyScale(t *testing.T) {
	testutil.ForEachImpl(t, func(t *testing.T) {
		for _, n := range testutil.Sizes() {
			for _, off := range offsets(n) {
				r := testutil.Rand(n, off)
				alpha := float32(r.Float64()*4 - 2)
				xb := testutil.NewBuf[float32](n, off).Fill(testutil.Uniform(r))
				yb := testutil.NewBuf[float32](n, (off+3)%16).Fill(testutil.Uniform(r))
				x0, y0 := xb.Copy(), yb.Copy()
				kernels.Axpy(alpha, xb.S(), yb.S())
				for i, v := range yb.S() {
					p := float64(alpha) * float64(x0[i])
					want := float64(y0[i]) + p
					if !testutil.Close(v, want, 3*0x1p-24*(math.Abs(p)+math.Abs(float64(y0[i])))) {
						t.Fatalf("Axpy n=%d off=%d: y[%d] = %v, want %v", n, off, i, v, want)
					}
				}
				xb.Unchanged(t, "x", x0)
				yb.CheckGuards(t, "Axpy y")

				y1 := yb.Copy()
				kernels.Scale(alpha, yb.S())
				for i, v := range yb.S() {
					if v != alpha*y1[i] { // a single rounding: exact in every tier
						t.Fatalf("Scale n=%d off=%d: x[%d] = %v, want %v", n, off, i, v, alpha*y1[i])
					}
				}
				yb.CheckGuards(t, "Scale x")
			}
		}
	})
}

// matShapes returns (rows, cols) pairs: every row count of MatrixRows with
// every size of Sizes up to 257, and a few large ones.
func matShapes() [][2]int {
	var s [][2]int
	for _, m := range testutil.MatrixRows() {
		for _, n := range testutil.Sizes() {
			if n <= 257 || m <= 4 {
				s = append(s, [2]int{m, n})
			}
		}
	}
	return append(s, [2]int{1000, 37}, [2]int{37, 1000}, [2]int{512, 512})
}

// refMatVec returns y (+)= W x in float64, and the sum of absolute values of
// each output's terms, for the error bound.
func refMatVec(y0, w, x []float32, add bool) (want, sa []float64) {
	m, n := len(y0), len(x)
	want, sa = make([]float64, m), make([]float64, m)
	for i := range m {
		want[i], sa[i] = dotRef(w[i*n:(i+1)*n], x)
		if add {
			want[i] += float64(y0[i])
			sa[i] += math.Abs(float64(y0[i]))
		}
	}
	return
}

func refMatVecT(y0, w, x []float32, add bool) (want, sa []float64) {
	m, n := len(x), len(y0)
	want, sa = make([]float64, n), make([]float64, n)
	for j := range n {
		if add {
			want[j] = float64(y0[j])
			sa[j] = math.Abs(want[j])
		}
		for i := range m {
			p := float64(w[i*n+j]) * float64(x[i])
			want[j] += p
			sa[j] += math.Abs(p)
		}
	}
	return
}

func TestMatVec(t *testing.T) {
	type op struct {
		name      string
		f         func(y, w, x []float32)
		transpose bool
		add       bool
	}
	ops := []op{
		{"MatVec", kernels.MatVec, false, false},
		{"MatVecAdd", kernels.MatVecAdd, false, true},
		{"MatVecT", kernels.MatVecT, true, false},
		{"MatVecTAdd", kernels.MatVecTAdd, true, true},
	}
	testutil.ForEachImpl(t, func(t *testing.T) {
		for _, o := range ops {
			for _, sh := range matShapes() {
				rows, cols := sh[0], sh[1] // shape of W
				ny, nx := rows, cols
				if o.transpose {
					ny, nx = cols, rows
				}
				for _, exact := range []bool{true, false} {
					off := (rows*7 + cols) % 16
					r := testutil.Rand(rows, cols, off)
					gen := testutil.Uniform(r)
					if exact {
						gen = testutil.SmallInts(r, 4)
					}
					wb := testutil.NewBuf[float32](rows*cols, off).Fill(gen)
					xb := testutil.NewBuf[float32](nx, (off+3)%16).Fill(gen)
					yb := testutil.NewBuf[float32](ny, (off+9)%16).Fill(gen)
					w0, x0, y0 := wb.Copy(), xb.Copy(), yb.Copy()
					o.f(yb.S(), wb.S(), xb.S())
					var want, sa []float64
					k := nx
					if o.transpose {
						want, sa = refMatVecT(y0, w0, x0, o.add)
					} else {
						want, sa = refMatVec(y0, w0, x0, o.add)
					}
					for i, v := range yb.S() {
						bound := testutil.SumBound(k+1, sa[i])
						if exact {
							bound = 0
						}
						if !testutil.Close(v, want[i], bound) {
							t.Fatalf("%s %dx%d exact=%v: y[%d] = %v, want %v (bound %g)", o.name, rows, cols, exact, i, v, want[i], bound)
						}
					}
					yb.CheckGuards(t, o.name+" y")
					wb.Unchanged(t, "w", w0)
					xb.Unchanged(t, "x", x0)
				}
			}
		}
	})
}

func TestGer(t *testing.T) {
	testutil.ForEachImpl(t, func(t *testing.T) {
		for _, sh := range matShapes() {
			m, n := sh[0], sh[1]
			off := (m*5 + n) % 16
			r := testutil.Rand(m, n, off)
			alpha := float32(r.Float64()*2 - 1)
			wb := testutil.NewBuf[float32](m*n, off).Fill(testutil.Uniform(r))
			xb := testutil.NewBuf[float32](m, (off+1)%16).Fill(testutil.Uniform(r))
			yb := testutil.NewBuf[float32](n, (off+2)%16).Fill(testutil.Uniform(r))
			w0, x0, y0 := wb.Copy(), xb.Copy(), yb.Copy()
			kernels.Ger(wb.S(), alpha, xb.S(), yb.S())
			w := wb.S()
			for i := range m {
				ax := alpha * x0[i] // the kernels scale x first, as the spec does
				for j := range n {
					p := float64(ax) * float64(y0[j])
					want := float64(w0[i*n+j]) + p
					if !testutil.Close(w[i*n+j], want, 2*0x1p-24*(math.Abs(p)+math.Abs(float64(w0[i*n+j])))) {
						t.Fatalf("Ger %dx%d: w[%d,%d] = %v, want %v", m, n, i, j, w[i*n+j], want)
					}
				}
			}
			wb.CheckGuards(t, "Ger w")
			xb.Unchanged(t, "x", x0)
			yb.Unchanged(t, "y", y0)
		}
	})
}

// TestBlocked covers matrices large enough to be split into row blocks by
// the wrappers (more than 2^18 elements), including a single row longer than
// a block.
func TestBlocked(t *testing.T) {
	shapes := [][2]int{{700, 600}, {3, 300000}, {300000, 2}}
	testutil.ForEachImpl(t, func(t *testing.T) {
		for _, sh := range shapes {
			m, n := sh[0], sh[1]
			r := testutil.Rand(m, n)
			gen := testutil.SmallInts(r, 2)
			w := testutil.NewBuf[float32](m*n, 0).Fill(gen).S()
			xm := testutil.NewBuf[float32](m, 0).Fill(gen).S()
			xn := testutil.NewBuf[float32](n, 0).Fill(gen).S()
			ym := make([]float32, m)
			yn := make([]float32, n)
			for i := range yn {
				yn[i] = 1
			}
			kernels.MatVec(ym, w, xn)
			want, _ := refMatVec(ym, w, xn, false)
			for i := range ym {
				if float64(ym[i]) != want[i] {
					t.Fatalf("MatVec %dx%d: y[%d] = %v, want %v", m, n, i, ym[i], want[i])
				}
			}
			y0 := append([]float32(nil), yn...)
			kernels.MatVecTAdd(yn, w, xm)
			wantT, _ := refMatVecT(y0, w, xm, true)
			for j := range yn {
				if float64(yn[j]) != wantT[j] {
					t.Fatalf("MatVecTAdd %dx%d: y[%d] = %v, want %v", m, n, j, yn[j], wantT[j])
				}
			}
			kernels.MatVecT(yn, w, xm)
			wantT, _ = refMatVecT(y0, w, xm, false)
			for j := range yn {
				if float64(yn[j]) != wantT[j] {
					t.Fatalf("MatVecT %dx%d: y[%d] = %v, want %v", m, n, j, yn[j], wantT[j])
				}
			}
			w0 := append([]float32(nil), w...)
			kernels.Ger(w, 2, xm, xn)
			for i := 0; i < m; i += max(1, m/97) {
				for j := 0; j < n; j += max(1, n/89) {
					if want := w0[i*n+j] + 2*xm[i]*xn[j]; w[i*n+j] != want {
						t.Fatalf("Ger %dx%d: w[%d,%d] = %v, want %v", m, n, i, j, w[i*n+j], want)
					}
				}
			}
		}
	})
}

// TestGuardPages places every input so that it ends exactly at, or starts
// exactly after, an inaccessible page: an over-read or over-write by even one
// element crashes the test.
func TestGuardPages(t *testing.T) {
	testutil.ForEachImpl(t, func(t *testing.T) {
		for _, n := range []int{1, 3, 7, 8, 9, 15, 16, 17, 31, 33, 63, 65, 100, 1023} {
			a1, a2 := testutil.PageSlices[float32](t, n)
			b1, b2 := testutil.PageSlices[float32](t, n)
			for _, p := range [][2][]float32{{a1, b1}, {a2, b2}} {
				x, y := p[0], p[1]
				for i := range x {
					x[i], y[i] = 1, 2
				}
				if got := kernels.Dot(x, y); got != float32(2*n) {
					t.Fatalf("Dot n=%d = %v", n, got)
				}
				kernels.Axpy(1, x, y)
				kernels.Scale(0.5, y)
				for m := 1; m <= 3 && m <= n; m++ {
					// W is m x (n/m) or (n/m) x m, ending at the guard.
					c := n / m
					w := x[len(x)-m*c:]
					kernels.MatVec(y[:m], w, x[:c])
					kernels.MatVecAdd(y[:m], w, x[:c])
					kernels.MatVecT(y[:c], w, x[:m])
					kernels.MatVecTAdd(y[:c], w, x[:m])
					kernels.MatVec(y[:c], w, x[:m])
					kernels.MatVecT(y[:m], w, x[:c])
					wy := y[len(y)-m*c:]
					kernels.Ger(wy, 1, x[:m], x[:c])
					kernels.Ger(wy, 1, x[:c], x[:m])
				}
			}
		}
	})
}

// TestSpecialValues checks that NaN and infinities propagate through every
// tier as IEEE arithmetic says: against a float64 reference (a single
// special value among ones gives that value, or NaN, exactly), and every
// tier identically to the first.
func TestSpecialValues(t *testing.T) {
	specials := []float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1))}
	for _, n := range []int{1, 8, 17, 40, 100} {
		for pos := 0; pos < n; pos += max(1, n/5) {
			for _, sv := range specials {
				x := make([]float32, n)
				y := make([]float32, n)
				for i := range x {
					x[i], y[i] = 1, 1
				}
				x[pos] = sv
				// The float64 reference, formatted as float32 values.
				var dot float64
				axpy := make([]float32, n)
				for i := range x {
					dot += float64(x[i]) * float64(y[i])
					axpy[i] = float32(float64(y[i]) + 2*float64(x[i]))
				}
				want := fmt.Sprint(float32(dot)) + fmt.Sprint(axpy) +
					fmt.Sprint([]float32{float32(dot)}) + // MatVec, 1 x n
					fmt.Sprint(x) // MatVecT of a 1 x n W by y[:1] = [1]
				var ref []string
				testutil.ForEachImpl(t, func(t *testing.T) {
					got := fmt.Sprint(kernels.Dot(x, y))
					yy := append([]float32(nil), y...)
					kernels.Axpy(2, x, yy)
					got += fmt.Sprint(yy)
					w := make([]float32, n)
					kernels.MatVec(w[:1], x, y) // 1 x n
					got += fmt.Sprint(w[:1])
					kernels.MatVecT(w, x, y[:1]) // 1 x n
					got += fmt.Sprint(w)
					if got != want {
						t.Errorf("n=%d special %v at %d: %s gives %s, want %s", n, sv, pos, kernels.Implementation(), got, want)
					}
					ref = append(ref, got)
					if got != ref[0] {
						t.Errorf("n=%d special %v at %d: %s gives %s, %s gives %s", n, sv, pos, kernels.Implementation(), got, kernels.Implementations()[0], ref[0])
					}
				})
			}
		}
	}
}

func TestPanics(t *testing.T) {
	cases := []struct {
		name string
		f    func()
		want string
	}{
		{"Dot", func() { kernels.Dot(make([]float32, 3), make([]float32, 4)) }, "len(x) = 3 != len(y) = 4"},
		{"Axpy", func() { kernels.Axpy(1, make([]float32, 3), make([]float32, 2)) }, "len(x) = 3 != len(y) = 2"},
		{"MatVec", func() { kernels.MatVec(make([]float32, 3), make([]float32, 14), make([]float32, 5)) }, "len(w) = 14, want len(y)*len(x) = 3*5 = 15"},
		{"MatVecAdd", func() { kernels.MatVecAdd(make([]float32, 3), make([]float32, 16), make([]float32, 5)) }, "MatVecAdd: len(w) = 16"},
		{"MatVecT", func() { kernels.MatVecT(make([]float32, 3), make([]float32, 14), make([]float32, 5)) }, "len(w) = 14, want len(x)*len(y) = 5*3 = 15"},
		{"MatVecTAdd", func() { kernels.MatVecTAdd(make([]float32, 3), make([]float32, 0), make([]float32, 5)) }, "MatVecTAdd: len(w) = 0"},
		{"Ger", func() { kernels.Ger(make([]float32, 5), 1, make([]float32, 2), make([]float32, 3)) }, "len(w) = 5, want len(x)*len(y) = 2*3 = 6"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			defer func() {
				r := recover()
				if s, _ := r.(string); !strings.Contains(s, c.want) || !strings.Contains(s, c.name) {
					t.Errorf("panic %q, want one containing %q and %q", r, c.name, c.want)
				}
			}()
			c.f()
		})
	}
}

func TestZeroAllocs(t *testing.T) {
	x := make([]float32, 300)
	w := make([]float32, 300*300)
	y := make([]float32, 300)
	testutil.ForEachImpl(t, func(t *testing.T) {
		for name, f := range map[string]func(){
			"Dot":        func() { kernels.Dot(x, y) },
			"Axpy":       func() { kernels.Axpy(1, x, y) },
			"Scale":      func() { kernels.Scale(1, y) },
			"MatVec":     func() { kernels.MatVec(y, w, x) },
			"MatVecAdd":  func() { kernels.MatVecAdd(y, w, x) },
			"MatVecT":    func() { kernels.MatVecT(y, w, x) },
			"MatVecTAdd": func() { kernels.MatVecTAdd(y, w, x) },
			"Ger":        func() { kernels.Ger(w, 1, x, y) },
		} {
			if a := testing.AllocsPerRun(10, f); a != 0 {
				t.Errorf("%s allocates %v times per call", name, a)
			}
		}
	})
}
