package kernels_test

import (
	"testing"

	"github.com/simdrnn/simdrnn/internal/testutil"
	"github.com/simdrnn/simdrnn/kernels"
)

// TestGerKWide checks GerK exactly (small-integer inputs) on column counts
// that give the 512-bit kernel's blocks of 64 columns followed by a last
// block of every width (1..4 vectors, the last one full or partial), which
// gerKCols does not all reach, with every row remainder mod 6.
func TestGerKWide(t *testing.T) {
	cols := []int{79, 80, 81, 95, 96, 97, 112, 113, 127, 128, 129, 143, 144, 192, 193, 255, 257}
	testutil.ForEachImpl(t, func(t *testing.T) {
		for _, k := range []int{1, 3} {
			for _, m := range []int{1, 2, 3, 4, 5, 6, 7, 12, 13} {
				for _, n := range cols {
					off := (m + 5*n + k) % 16
					r := testutil.Rand(m, n, k, off, 3)
					gen := testutil.SmallInts(r, 6)
					wb := testutil.NewBuf[float32](m*n, off).Fill(gen)
					xb := testutil.NewBuf[float32](k*m, (off+7)%16).Fill(gen)
					yb := testutil.NewBuf[float32](k*n, (off+2)%16).Fill(gen)
					w0, x0, y0 := wb.Copy(), xb.Copy(), yb.Copy()
					kernels.GerK(wb.S(), -2, xb.S(), yb.S(), k)
					want, _ := refGerK(w0, -2, x0, y0, m, n, k)
					for i, v := range wb.S() {
						if float64(v) != want[i] {
							t.Fatalf("GerK m=%d n=%d k=%d: w[%d,%d] = %v, want %v", m, n, k, i/n, i%n, v, want[i])
						}
					}
					wb.CheckGuards(t, "GerK w")
					xb.Unchanged(t, "x", x0)
					yb.Unchanged(t, "y", y0)
				}
			}
		}
	})
}
