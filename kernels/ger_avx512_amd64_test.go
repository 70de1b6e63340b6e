//go:build amd64 && !purego && !noasm

package kernels_test

import (
	"math"
	"testing"

	"github.com/simdrnn/simdrnn/internal/testutil"
	"github.com/simdrnn/simdrnn/kernels"
)

// TestGerAVX512Bitwise checks that gerAVX512 agrees bit for bit with
// gerGeneric (a multiply and an add, rounded separately), on shapes that
// take the 512-bit kernel (n%16 == 0) and the 256-bit one, with W starting
// at every alignment so that every head length is peeled.
func TestGerAVX512Bitwise(t *testing.T) {
	testutil.RequireTier(t, "avx512")
	for _, m := range []int{1, 2, 3, 4, 5, 7, 8, 9, 13} {
		for _, n := range []int{1, 5, 15, 16, 17, 31, 32, 33, 48, 64, 80, 96, 100, 112, 128} {
			for off := range 16 {
				x := make([]float32, m)
				y := make([]float32, n)
				buf := make([]float32, m*n+off+16)
				for i := range x {
					x[i] = float32(math.Sin(float64(3*i+m))) * 3
				}
				for i := range y {
					y[i] = float32(math.Cos(float64(7*i+n))) * 1.7
				}
				for i := range buf {
					buf[i] = float32(math.Sin(float64(i) * 0.37))
				}
				w := buf[off : off+m*n]
				want := append([]float32(nil), w...)
				kernels.GerGeneric(want, 0.3711, x, y)
				kernels.GerAVX512(w, 0.3711, x, y)
				for i := range w {
					if math.Float32bits(w[i]) != math.Float32bits(want[i]) {
						t.Fatalf("%dx%d off %d: w[%d,%d] = %v, generic %v", m, n, off, i/n, i%n, w[i], want[i])
					}
				}
				for i, v := range buf[off+m*n:] {
					if math.Float32bits(v) != math.Float32bits(float32(math.Sin(float64(off+m*n+i)*0.37))) {
						t.Fatalf("%dx%d off %d: wrote past w at %d", m, n, off, i)
					}
				}
				for i, v := range buf[:off] {
					if math.Float32bits(v) != math.Float32bits(float32(math.Sin(float64(i)*0.37))) {
						t.Fatalf("%dx%d off %d: wrote before w at %d", m, n, off, i)
					}
				}
			}
		}
	}
}
