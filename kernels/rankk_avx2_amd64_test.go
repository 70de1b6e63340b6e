//go:build amd64 && !purego && !noasm

package kernels_test

import (
	"math"
	"testing"

	"github.com/simdrnn/simdrnn/internal/testutil"
	"github.com/simdrnn/simdrnn/kernels"
)

// TestGerKBlockShapesAgree checks that gerKAVX2Panel gives bit-identical results
// with and without its 6-row blocks: every element accumulates the same
// FMAs in the same order whatever block computes it, so this covers the
// 4-row and 1-row paths (which GerK uses alone when Y exceeds L1) at every
// shape TestGerK checks against the float64 reference through the 6-row
// path.
func TestGerKBlockShapesAgree(t *testing.T) {
	testutil.RequireTier(t, "avx2")
	rows := []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 15, 16, 17, 31, 33, 64, 100}
	for _, k := range []int{1, 3, 25} {
		for _, m := range rows {
			for n := 1; n <= 70; n++ {
				x := make([]float32, k*m)
				y := make([]float32, k*n)
				w4 := make([]float32, m*n)
				for i := range x {
					x[i] = float32(math.Sin(float64(i*7+m))) * 3
				}
				for i := range y {
					y[i] = float32(math.Cos(float64(i*5+n))) * 2
				}
				for i := range w4 {
					w4[i] = float32(math.Sin(float64(i)))
				}
				w6 := append([]float32(nil), w4...)
				kernels.GerKAVX2Panel(w4, 0.37, x, y, m, n, k, m, n, 0)
				kernels.GerKAVX2Panel(w6, 0.37, x, y, m, n, k, m, n, 1)
				for i := range w4 {
					if math.Float32bits(w4[i]) != math.Float32bits(w6[i]) {
						t.Fatalf("m=%d n=%d k=%d: w[%d,%d] = %v with 4-row blocks, %v with 6-row blocks", m, n, k, i/n, i%n, w4[i], w6[i])
					}
				}
			}
		}
	}
}
