package kernels_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/simdrnn/simdrnn/internal/testutil"
	"github.com/simdrnn/simdrnn/kernels"
)

// refGerK returns W + alpha X^T Y in float64 and, per element, the sum of
// the absolute values of its terms (for the error bound).
func refGerK(w0 []float32, alpha float32, x, y []float32, m, n, k int) (want, sa []float64) {
	want, sa = make([]float64, m*n), make([]float64, m*n)
	for i := range m {
		for j := range n {
			var s, a float64
			for t := range k {
				p := float64(x[t*m+i]) * float64(y[t*n+j])
				s += p
				a += math.Abs(p)
			}
			want[i*n+j] = float64(w0[i*n+j]) + float64(alpha)*s
			sa[i*n+j] = math.Abs(float64(w0[i*n+j])) + math.Abs(float64(alpha))*a
		}
	}
	return
}

// gerKCols are the column counts GerK is tested at: around its 16- and
// 8-column blocks and the masked tail.
func gerKCols() []int {
	c := []int{}
	for n := 1; n <= 41; n++ {
		c = append(c, n)
	}
	return append(c, 63, 64, 65, 100)
}

func TestGerK(t *testing.T) {
	testutil.ForEachImpl(t, func(t *testing.T) {
		for _, k := range []int{1, 2, 3, 5, 25} {
			for _, m := range testutil.MatrixRows() {
				for _, n := range gerKCols() {
					for _, exact := range []bool{true, false} {
						off := (m + 3*n + k) % 16
						r := testutil.Rand(m, n, k, off)
						gen := testutil.Uniform(r)
						alpha := float32(r.Float64()*2 - 1)
						if exact {
							gen = testutil.SmallInts(r, 6)
							alpha = -2
						}
						wb := testutil.NewBuf[float32](m*n, off).Fill(gen)
						xb := testutil.NewBuf[float32](k*m, (off+5)%16).Fill(gen)
						yb := testutil.NewBuf[float32](k*n, (off+9)%16).Fill(gen)
						w0, x0, y0 := wb.Copy(), xb.Copy(), yb.Copy()
						kernels.GerK(wb.S(), alpha, xb.S(), yb.S(), k)
						want, sa := refGerK(w0, alpha, x0, y0, m, n, k)
						w := wb.S()
						for i := range want {
							// k products and sums, the W add and the alpha
							// scaling (applied to x first or to the sum).
							bound := testutil.SumBound(k+3, sa[i])
							if exact {
								bound = 0
							}
							if !testutil.Close(w[i], want[i], bound) {
								t.Fatalf("GerK m=%d n=%d k=%d off=%d exact=%v: w[%d,%d] = %v, want %v (bound %g)", m, n, k, off, exact, i/n, i%n, w[i], want[i], bound)
							}
						}
						wb.CheckGuards(t, "GerK w")
						xb.Unchanged(t, "x", x0)
						yb.Unchanged(t, "y", y0)
					}
				}
			}
		}
	})
}

// TestGerKBlocked checks GerK against k successive Ger calls on exact
// inputs, for shapes large enough to be split into row blocks, or whose Y
// exceeds L1 (the avx2 tier then copies Y in panels of up to 32 steps x 64
// columns, with partial panels in both directions).
func TestGerKBlocked(t *testing.T) {
	testutil.ForEachImpl(t, func(t *testing.T) {
		for _, sh := range [][3]int{{33, 1000, 25}, {700, 600, 3}, {2, 300000, 1}, {50, 300, 40}, {13, 517, 70}, {300, 520, 20}} {
			m, n, k := sh[0], sh[1], sh[2]
			r := testutil.Rand(m, n, k)
			gen := testutil.SmallInts(r, 3)
			w := testutil.NewBuf[float32](m*n, 1).Fill(gen).S()
			x := testutil.NewBuf[float32](k*m, 2).Fill(gen).S()
			y := testutil.NewBuf[float32](k*n, 3).Fill(gen).S()
			want := append([]float32(nil), w...)
			for t := range k {
				kernels.Ger(want, 2, x[t*m:(t+1)*m], y[t*n:(t+1)*n])
			}
			kernels.GerK(w, 2, x, y, k)
			for i := range w {
				if w[i] != want[i] {
					t.Fatalf("GerK %dx%d k=%d: w[%d,%d] = %v, k Gers give %v", m, n, k, i/n, i%n, w[i], want[i])
				}
			}
		}
	})
}

func TestGerKGuardPages(t *testing.T) {
	testutil.ForEachImpl(t, func(t *testing.T) {
		for _, sh := range [][3]int{{1, 1, 1}, {4, 7, 2}, {5, 16, 3}, {7, 25, 4}, {9, 100, 25}, {3, 9, 1}} {
			m, n, k := sh[0], sh[1], sh[2]
			a1, a2 := testutil.PageSlices[float32](t, m*n)
			x1, x2 := testutil.PageSlices[float32](t, k*m)
			y1, y2 := testutil.PageSlices[float32](t, k*n)
			for _, s := range [][3][]float32{{a1, x1, y1}, {a2, x2, y2}} {
				w, x, y := s[0], s[1], s[2]
				for i := range x {
					x[i] = 1
				}
				for i := range y {
					y[i] = 2
				}
				kernels.GerK(w, 1, x, y, k)
				for i := range w {
					if w[i] != float32(2*k) {
						t.Fatalf("GerK %dx%d k=%d at a guard page: w[%d] = %v, want %d", m, n, k, i, w[i], 2*k)
					}
				}
				clear(w)
			}
		}
	})
}

func TestGerKPanics(t *testing.T) {
	cases := []struct {
		w, x, y []float32
		k       int
		want    string
	}{
		{make([]float32, 6), make([]float32, 4), make([]float32, 6), 2, "len(w) = 6, want (len(x)/k)*(len(y)/k) = 2*3 = 6"},
		{make([]float32, 5), make([]float32, 4), make([]float32, 6), 2, "len(w) = 5"},
		{make([]float32, 6), make([]float32, 5), make([]float32, 6), 2, "multiples of k = 2"},
		{nil, make([]float32, 2), nil, 0, "k = 0"},
		{nil, nil, nil, -1, "k = -1"},
	}
	for _, c := range cases {
		func() {
			defer func() {
				r := recover()
				if c.want == "len(w) = 6, want (len(x)/k)*(len(y)/k) = 2*3 = 6" {
					if r != nil {
						t.Errorf("GerK with matching shapes panicked: %v", r)
					}
					return
				}
				if s := fmt.Sprint(r); r == nil || !strings.Contains(s, c.want) {
					t.Errorf("GerK(len %d, %d, %d, k=%d): panic %v, want one containing %q", len(c.w), len(c.x), len(c.y), c.k, r, c.want)
				}
			}()
			kernels.GerK(c.w, 1, c.x, c.y, c.k)
		}()
	}
	kernels.GerK(nil, 1, nil, nil, 0) // k = 0 with empty inputs: no-op
	w, x, y := make([]float32, 100*100), make([]float32, 25*100), make([]float32, 25*100)
	if a := testing.AllocsPerRun(10, func() {
		kernels.GerK(w, 1, x, y, 25)
	}); a != 0 {
		t.Errorf("GerK allocates")
	}
}

// gerKSizes are the square sizes GerK is benchmarked at, with k = 25 (one
// min-char-rnn chunk).
var gerKSizes = []int{64, 100, 256, 512, 1024}

const benchK = 25

// BenchmarkGerK is a rank-25 update of an n x n matrix: 2*25*n^2 flops,
// reading and writing W once (8n^2 bytes).
func BenchmarkGerK(b *testing.B) {
	testutil.BenchImpls(b, gerKSizes,
		func(n int) int64 { return int64(2 * benchK * n * n) }, func(n int) int64 { return int64(8 * n * n) },
		func(b *testing.B, n int) {
			w, x, y := vec(n*n), vec(benchK*n), vec(benchK*n)
			for b.Loop() {
				kernels.GerK(w, 1e-7, x, y, benchK)
			}
		})
}

// BenchmarkGerKAsGer is the same update as 25 Ger calls, the baseline GerK
// replaces (W read and written 25 times).
func BenchmarkGerKAsGer(b *testing.B) {
	testutil.BenchImpls(b, gerKSizes,
		func(n int) int64 { return int64(2 * benchK * n * n) }, func(n int) int64 { return int64(8 * n * n) },
		func(b *testing.B, n int) {
			w, x, y := vec(n*n), vec(benchK*n), vec(benchK*n)
			for b.Loop() {
				for t := range benchK {
					kernels.Ger(w, 1e-7, x[t*n:(t+1)*n], y[t*n:(t+1)*n])
				}
			}
		})
}
