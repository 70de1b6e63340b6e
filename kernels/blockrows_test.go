package kernels_test

import (
	"math"
	"testing"

	"github.com/simdrnn/simdrnn/internal/testutil"
	"github.com/simdrnn/simdrnn/kernels"
)

// TestMatVecBlockRows checks MatVecBlockRows's value (max(1, 2^18/cols))
// and its contract in every tier: for matrices of several row blocks,
// starting at every alignment class of 64 bytes, the products of row
// ranges that start at multiples of the block and end at one or at the
// last row have the bits of the same rows of the whole product, for
// float32, F16 and BF16 weights, with and without accumulation. The whole
// product is checked against a float64 reference.
func TestMatVecBlockRows(t *testing.T) {
	for _, c := range []struct{ cols, want int }{{0, 1 << 18}, {1, 1 << 18}, {100, 2621}, {724, 362}, {1 << 18, 1}, {1<<18 + 1, 1}, {1 << 20, 1}} {
		if got := kernels.MatVecBlockRows(c.cols); got != c.want {
			t.Errorf("MatVecBlockRows(%d) = %d, want %d", c.cols, got, c.want)
		}
	}
	shapes := [][2]int{{1100, 724}, {600, 1000}, {7000, 100}, {1025, 512}, {3, 300000}}
	if testing.Short() {
		shapes = shapes[:2]
	}
	type op struct {
		name string
		run  func(y, w, x []float32, add bool, f16 []kernels.F16, bf16 []kernels.BF16, lo, hi, cols int)
	}
	ops := []op{
		{"f32", func(y, w, x []float32, add bool, _ []kernels.F16, _ []kernels.BF16, lo, hi, cols int) {
			if add {
				kernels.MatVecAdd(y[lo:hi], w[lo*cols:hi*cols], x)
			} else {
				kernels.MatVec(y[lo:hi], w[lo*cols:hi*cols], x)
			}
		}},
		{"f16", func(y, _, x []float32, add bool, w []kernels.F16, _ []kernels.BF16, lo, hi, cols int) {
			if add {
				kernels.MatVecF16Add(y[lo:hi], w[lo*cols:hi*cols], x)
			} else {
				kernels.MatVecF16(y[lo:hi], w[lo*cols:hi*cols], x)
			}
		}},
		{"bf16", func(y, _, x []float32, add bool, _ []kernels.F16, w []kernels.BF16, lo, hi, cols int) {
			if add {
				kernels.MatVecBF16Add(y[lo:hi], w[lo*cols:hi*cols], x)
			} else {
				kernels.MatVecBF16(y[lo:hi], w[lo*cols:hi*cols], x)
			}
		}},
	}
	testutil.ForEachImpl(t, func(t *testing.T) {
		for _, sh := range shapes {
			rows, cols := sh[0], sh[1]
			b := kernels.MatVecBlockRows(cols)
			r := testutil.Rand(rows, cols)
			for _, off := range []int{0, 1, 4, 8} {
				// w, rounded to the 16-bit formats so that the three
				// products multiply the same values.
				wb := testutil.NewBuf[float32](rows*cols, off).Fill(testutil.Uniform(r))
				w := wb.S()
				f16 := make([]kernels.F16, len(w)+off)[off:]
				bf16 := make([]kernels.BF16, len(w)+off)[off:]
				kernels.ToF16(f16, w)
				kernels.ToBF16(bf16, w)
				x := testutil.NewBuf[float32](cols, 3).Fill(testutil.Uniform(r)).S()
				y0 := make([]float32, rows)
				for i := range y0 {
					y0[i] = float32(i%5) - 2
				}
				for _, o := range ops {
					vals := w
					switch o.name {
					case "f16":
						vals = make([]float32, len(w))
						kernels.FromF16(vals, f16)
					case "bf16":
						vals = make([]float32, len(w))
						kernels.FromBF16(vals, bf16)
					}
					for _, add := range []bool{false, true} {
						whole := append([]float32(nil), y0...)
						o.run(whole, w, x, add, f16, bf16, 0, rows, cols)
						for i := range whole {
							var s, sa float64
							if add {
								s, sa = float64(y0[i]), math.Abs(float64(y0[i]))
							}
							for j, v := range x {
								p := float64(vals[i*cols+j]) * float64(v)
								s += p
								sa += math.Abs(p)
							}
							if !testutil.Close(whole[i], s, testutil.SumBound(cols+1, sa)) {
								t.Fatalf("%s %dx%d off %d add %v: y[%d] = %v, want %v", o.name, rows, cols, off, add, i, whole[i], s)
							}
						}
						// Pieces: every split at block multiples, one block,
						// two blocks, and the rest.
						for _, step := range []int{b, 2 * b, 3 * b} {
							parts := append([]float32(nil), y0...)
							for lo := 0; lo < rows; lo += step {
								o.run(parts, w, x, add, f16, bf16, lo, min(lo+step, rows), cols)
							}
							for i := range parts {
								if math.Float32bits(parts[i]) != math.Float32bits(whole[i]) {
									t.Fatalf("%s %dx%d off %d add %v, pieces of %d rows (block %d): y[%d] = %v, whole product %v",
										o.name, rows, cols, off, add, step, b, i, parts[i], whole[i])
								}
							}
						}
					}
				}
			}
		}
	})
}
