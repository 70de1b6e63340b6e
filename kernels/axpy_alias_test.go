package kernels_test

import (
	"math"
	"testing"

	"github.com/simdrnn/simdrnn/internal/testutil"
	"github.com/simdrnn/simdrnn/kernels"
)

// TestAxpyInPlace checks Axpy(alpha, x, x), which Axpy's documentation
// allows: x[i] = x[i] + alpha*x[i] for every element, including the
// overlapping head and tail vectors that the AVX2 tier computes before its
// loop and stores after it.
func TestAxpyInPlace(t *testing.T) {
	testutil.ForEachImpl(t, func(t *testing.T) {
		for _, n := range testutil.Sizes() {
			for _, off := range offsets(n) {
				r := testutil.Rand(n, off, 99)
				alpha := float32(r.Float64()*4 - 2)
				xb := testutil.NewBuf[float32](n, off).Fill(testutil.Uniform(r))
				x0 := xb.Copy()
				kernels.Axpy(alpha, xb.S(), xb.S())
				for i, v := range xb.S() {
					p := float64(alpha) * float64(x0[i])
					want := float64(x0[i]) + p
					if !testutil.Close(v, want, 3*0x1p-24*(math.Abs(p)+math.Abs(float64(x0[i])))) {
						t.Fatalf("n=%d off=%d: x[%d] = %v, want %v", n, off, i, v, want)
					}
				}
				xb.CheckGuards(t, "Axpy x")
			}
		}
	})
}
