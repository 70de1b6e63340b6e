package kernels_test

import (
	"testing"

	"github.com/simdrnn/simdrnn/internal/testutil"
	"github.com/simdrnn/simdrnn/kernels"
)

// matVecThresholdShapes are W shapes (rows, cols) that straddle the
// thresholds of the matrix-vector kernels beyond those matShapes covers:
// for MatVec, w of 16384 elements (the largest that uses eight-row blocks)
// with every row remainder mod 4 and 8 on both sides; for MatVecT, 8, 16,
// 32 and 64-row blocks (chosen by the column count, switching at 64, 128
// and 256 columns) crossed with column counts around the 64-column strips
// and every width (1..15 vectors, up to 119 columns) of the last pass.
func matVecThresholdShapes() [][2]int {
	s := [][2]int{
		{128, 128}, {127, 129}, {129, 128}, {64, 256}, {64, 257}, {8, 2048}, {8, 2049},
		{9, 2048}, {2, 8192}, {2, 8193}, {3, 5462}, {5, 3277}, {6, 2731}, {7, 2341},
		{10, 1639}, {11, 1490}, {13, 1261}, {14, 1171}, {15, 1093}, {23, 713},
		{1, 16384}, {1, 16385},
	}
	for _, m := range []int{7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 129} {
		for _, n := range []int{63, 64, 65, 71, 72, 73, 79, 80, 81, 88, 95, 96, 97, 104,
			111, 112, 113, 119, 120, 121, 127, 128, 129, 136, 183, 184, 185, 255, 256, 257, 300} {
			s = append(s, [2]int{m, n})
		}
	}
	return s
}

// TestMatVecThresholds checks MatVec, MatVecAdd, MatVecT and MatVecTAdd on
// matVecThresholdShapes exactly.
func TestMatVecThresholds(t *testing.T) { checkMatVecShapes(t, matVecThresholdShapes(), 1) }

// TestMatVecWide checks MatVec, MatVecAdd, MatVecT and MatVecTAdd on
// wideMatVecShapes exactly.
func TestMatVecWide(t *testing.T) { checkMatVecShapes(t, wideMatVecShapes(), 2) }

// wideMatVecShapes are W shapes (rows, cols) around the thresholds of the
// 512-bit matrix-vector kernels (avx512) that TestMatVecThresholds does not reach:
// for MatVecT, every width of the last pass (1..16 vectors of 16 columns,
// the last one masked, up to 256 columns) on both sides of each multiple of
// 16, and the switch to 128-column strips above 256 columns; for MatVec,
// column counts around its 16- and 32-column steps with 16-, 8-, 4- and
// 1-row blocks.
func wideMatVecShapes() [][2]int {
	var s [][2]int
	for k := 1; k <= 17; k++ {
		for _, n := range []int{16*k - 1, 16 * k, 16*k + 1} {
			s = append(s, [2]int{5, n}, [2]int{19, n})
		}
	}
	for _, n := range []int{383, 384, 385, 390, 511, 512, 513} {
		s = append(s, [2]int{3, n}, [2]int{9, n})
	}
	// Rows whose starts take 2 or 4 alignments (n%16 = 8, or 4 and 12):
	// rows 16, 8, 4 and 1 at a time within each alignment.
	for _, m := range []int{32, 33, 45, 64, 65, 87, 93, 200} {
		for _, n := range []int{100, 104, 108, 132, 136, 140, 200, 260} {
			s = append(s, [2]int{m, n})
		}
	}
	// Row lengths that are multiples of 4 but not of 16, few rows: blocks
	// of 4 rows of four classes, and the 1..3 rows after them.
	for _, m := range []int{4, 5, 6, 7, 8, 9, 11, 12, 13, 20, 27} {
		for _, n := range []int{36, 40, 44, 52, 100, 108, 248, 252} {
			s = append(s, [2]int{m, n})
		}
	}
	for _, m := range []int{16, 17, 24, 28, 29, 31, 47} {
		for _, n := range []int{1, 15, 16, 17, 31, 32, 33, 47, 48, 49, 63, 64, 65} {
			s = append(s, [2]int{m, n})
		}
	}
	return s
}

// checkMatVecShapes checks MatVec, MatVecAdd, MatVecT and MatVecTAdd on
// the shapes exactly (small-integer inputs, so that any summation order is
// exact), in every tier, at offsets that vary with the shape and seed, with
// guard values around y and inputs checked unchanged.
func checkMatVecShapes(t *testing.T, shapes [][2]int, seed int) {
	ops := []struct {
		name      string
		f         func(y, w, x []float32)
		transpose bool
		add       bool
	}{
		{"MatVec", kernels.MatVec, false, false},
		{"MatVecAdd", kernels.MatVecAdd, false, true},
		{"MatVecT", kernels.MatVecT, true, false},
		{"MatVecTAdd", kernels.MatVecTAdd, true, true},
	}
	testutil.ForEachImpl(t, func(t *testing.T) {
		for _, o := range ops {
			for _, sh := range shapes {
				rows, cols := sh[0], sh[1]
				ny, nx := rows, cols
				if o.transpose {
					ny, nx = cols, rows
				}
				off := (rows*(2*seed+3) + cols) % 16
				r := testutil.Rand(rows, cols, off, seed)
				gen := testutil.SmallInts(r, 4)
				wb := testutil.NewBuf[float32](rows*cols, off).Fill(gen)
				xb := testutil.NewBuf[float32](nx, (off+7)%16).Fill(gen)
				yb := testutil.NewBuf[float32](ny, (off+11)%16).Fill(gen)
				w0, x0, y0 := wb.Copy(), xb.Copy(), yb.Copy()
				o.f(yb.S(), wb.S(), xb.S())
				var want []float64
				if o.transpose {
					want, _ = refMatVecT(y0, w0, x0, o.add)
				} else {
					want, _ = refMatVec(y0, w0, x0, o.add)
				}
				for i, v := range yb.S() {
					if float64(v) != want[i] {
						t.Fatalf("%s %dx%d: y[%d] = %v, want %v", o.name, rows, cols, i, v, want[i])
					}
				}
				yb.CheckGuards(t, o.name+" y")
				wb.Unchanged(t, "w", w0)
				xb.Unchanged(t, "x", x0)
			}
		}
	})
}
