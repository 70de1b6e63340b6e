package kernels_test

import (
	"math"
	"testing"

	"github.com/simdrnn/simdrnn/internal/testutil"
	"github.com/simdrnn/simdrnn/kernels"
)

// TestWideGuardPages runs the matrix kernels with W, x and y ending exactly
// at, or starting exactly after, an inaccessible page, on shapes that take
// the 16-, 8- and 4-row blocks of MatVec, the multi-vector passes of
// MatVecT and its aligned reads of the middle rows, and Ger's rows of a
// multiple of 16 columns: an over-read or over-write by even one element
// crashes the test.
func TestWideGuardPages(t *testing.T) {
	testutil.ForEachImpl(t, func(t *testing.T) {
		for _, sh := range [][2]int{{16, 16}, {17, 32}, {29, 33}, {31, 48}, {5, 64}, {18, 100}, {3, 257}, {64, 36}, {70, 100}, {67, 112}} {
			m, n := sh[0], sh[1]
			w1, w2 := testutil.PageSlices[float32](t, m*n)
			x1, x2 := testutil.PageSlices[float32](t, max(m, n))
			y1, y2 := testutil.PageSlices[float32](t, max(m, n))
			for _, p := range [][3][]float32{{w1, x1, y1}, {w2, x2, y2}, {w1, x2, y1}, {w2, x1, y2}} {
				w, x, y := p[0], p[1], p[2]
				for i := range w {
					w[i] = 1
				}
				for i := range x {
					x[i], y[i] = 1, 2
				}
				// Slices of x and y that end at (or start after) the guard.
				xm, xn := x[len(x)-m:], x[len(x)-n:]
				ym, yn := y[len(y)-m:], y[len(y)-n:]
				if len(x) == len(x2) && &x[0] == &x2[0] {
					xm, xn = x[:m], x[:n]
				}
				if len(y) == len(y2) && &y[0] == &y2[0] {
					ym, yn = y[:m], y[:n]
				}
				kernels.MatVec(ym, w, xn)
				kernels.MatVecAdd(ym, w, xn)
				for i, v := range ym {
					if v != float32(2*n) {
						t.Fatalf("MatVec %dx%d: y[%d] = %v, want %d", m, n, i, v, 2*n)
					}
				}
				kernels.MatVecT(yn, w, xm)
				kernels.MatVecTAdd(yn, w, xm)
				for i, v := range yn {
					if v != float32(2*m) {
						t.Fatalf("MatVecT %dx%d: y[%d] = %v, want %d", m, n, i, v, 2*m)
					}
				}
				kernels.Ger(w, 1, xm, xn)
				for i, v := range w {
					if v != 2 {
						t.Fatalf("Ger %dx%d: w[%d] = %v, want 2", m, n, i, v)
					}
				}
			}
		}
	})
}

// TestMatVecRowIsolation checks that an infinity or NaN at the first or
// last column of one row of W changes that row's result only: kernels that
// read a row from the 64-byte boundary before it, or past its end, must
// keep the neighbouring rows' elements out of the sums. The shapes take
// every kernel of the avx512 tier's MatVec (matVecAVX512), for each number
// c of row alignments within 64 bytes (n%16 = 0: c = 1; 8: 2; 4 or 12: 4):
// the grid its matVecS (c = 2 or 4, 32 <= n <= 256, at most 16384
// elements) and matVecUAVX512, the list after it matVecAAVX512, chosen by
// n >= 96 (c = 1, w misaligned), by n > 128 with at least 16c rows (c = 2,
// 4), or by more than 16384 elements; the avx512 subtest fails if one of
// them was not reached.
func TestMatVecRowIsolation(t *testing.T) {
	specials := []float32{float32(math.Inf(1)), float32(math.NaN())}
	var shapes [][2]int
	for _, m := range []int{4, 9, 20, 37} {
		for _, n := range []int{36, 40, 44, 64, 100, 104, 108} {
			shapes = append(shapes, [2]int{m, n})
		}
	}
	shapes = append(shapes, [2]int{9, 96}, [2]int{20, 128}, [2]int{300, 64}, // c = 1
		[2]int{9, 264}, [2]int{37, 136}, [2]int{160, 104}, // c = 2
		[2]int{20, 260}, [2]int{64, 132}, [2]int{170, 100}) // c = 4
	testutil.ForEachImpl(t, func(t *testing.T) {
		paths := map[string]bool{}
		for _, sh := range shapes {
			m, n := sh[0], sh[1]
			for off := range 16 {
				r := testutil.Rand(m, n, off, 3)
				gen := testutil.SmallInts(r, 4)
				wb := testutil.NewBuf[float32](m*n, off).Fill(gen)
				x := testutil.NewBuf[float32](n, 0).Fill(func(int) float32 { return 1 }).S()
				row := (off * 7) % m
				col := 0
				if off%2 == 1 {
					col = n - 1
				}
				wb.S()[row*n+col] = specials[(off/2)%2]
				y := make([]float32, m)
				kernels.MatVec(y, wb.S(), x)
				want, _ := refMatVec(y, wb.Copy(), x, false)
				for i, v := range y {
					if float64(v) != want[i] && !(math.IsNaN(float64(v)) && math.IsNaN(want[i])) {
						t.Fatalf("%s %dx%d offset %d, special %v at row %d col %d: y[%d] = %v, want %v",
							kernels.Implementation(), m, n, off, wb.S()[row*n+col], row, col, i, v, want[i])
					}
				}
				if kernels.Implementation() == "avx512" {
					for _, p := range avx512MatVecPaths(m, n, wb.S()) {
						paths[p] = true
					}
				}
			}
		}
		if kernels.Implementation() == "avx512" {
			// U, S or A (matVecUAVX512, matVecS, matVecAAVX512) and c.
			for _, p := range []string{"U1", "U2", "U4", "S2", "S4", "A1", "A2", "A4"} {
				if !paths[p] {
					t.Errorf("no shape took matVecAVX512's path %s (taken: %v)", p, paths)
				}
			}
		}
	})
}
