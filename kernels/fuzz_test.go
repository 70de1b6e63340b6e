package kernels_test

import (
	"encoding/binary"
	"math"
	"testing"

	"github.com/simdrnn/simdrnn/internal/testutil"
	"github.com/simdrnn/simdrnn/kernels"
)

// floats decodes fuzz bytes as float32 values, keeping them finite and of
// moderate size so that the comparison bound stays meaningful; non-finite
// propagation is covered by TestSpecialValues.
func floats(b []byte) []float32 {
	v := make([]float32, len(b)/4)
	for i := range v {
		f := math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
		if f != f || math.IsInf(float64(f), 0) || math.Abs(float64(f)) > 1e6 {
			f = float32(int32(binary.LittleEndian.Uint32(b[4*i:]))%1000) / 7
		}
		v[i] = f
	}
	return v
}

// FuzzKernels checks every tier against float64 references on fuzzed shapes
// and values: dot products, MatVec and MatVecT of a rows x cols matrix, and
// a rank-1 update.
func FuzzKernels(f *testing.F) {
	f.Add(uint8(3), []byte("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"))
	f.Add(uint8(1), make([]byte, 4*67))
	f.Add(uint8(9), make([]byte, 4*200))
	f.Fuzz(func(t *testing.T, rows uint8, data []byte) {
		v := floats(data)
		m := int(rows%17) + 1
		if len(v) < m+1 {
			return
		}
		// v = [x (m) | w (m*n) | rest], n = cols from what is left.
		n := (len(v) - m) / (m + 1)
		if n == 0 {
			return
		}
		x, w, y := v[:m], v[m:m+m*n], v[m+m*n:m+m*n+n]
		type out struct {
			dot     float32
			mv, mvt []float32
			ger     []float32
		}
		run := func() out {
			var o out
			o.dot = kernels.Dot(w[:n], y)
			o.mv = make([]float32, m)
			kernels.MatVec(o.mv, w, y)
			o.mvt = make([]float32, n)
			kernels.MatVecT(o.mvt, w, x)
			o.ger = append([]float32(nil), w...)
			kernels.Ger(o.ger, 0.5, x, y)
			return o
		}
		// float64 references: every tier, generic included, must be within
		// the float32 summation bound of the exact result.
		wantDot, saDot := dotRef(w[:n], y)
		wantMV, saMV := refMatVec(make([]float32, m), w, y, false)
		wantMVT, saMVT := refMatVecT(make([]float32, n), w, x, false)
		testutil.ForEachImpl(t, func(t *testing.T) {
			got := run()
			if !testutil.Close(got.dot, wantDot, testutil.SumBound(n, saDot)) {
				t.Fatalf("Dot: %v, want %v", got.dot, wantDot)
			}
			for i := range got.mv {
				if !testutil.Close(got.mv[i], wantMV[i], testutil.SumBound(n, saMV[i])) {
					t.Fatalf("MatVec %dx%d y[%d]: %v, want %v", m, n, i, got.mv[i], wantMV[i])
				}
			}
			for j := range got.mvt {
				if !testutil.Close(got.mvt[j], wantMVT[j], testutil.SumBound(m, saMVT[j])) {
					t.Fatalf("MatVecT %dx%d y[%d]: %v, want %v", m, n, j, got.mvt[j], wantMVT[j])
				}
			}
			for k := range got.ger {
				i, j := k/n, k%n
				p := float64(0.5*x[i]) * float64(y[j]) // alpha*x[i] is rounded first, as Ger documents
				want := float64(w[k]) + p
				// Two roundings, each within 2^-24 relative or 2^-150
				// absolute (an underflow to a subnormal or zero).
				if !testutil.Close(got.ger[k], want, 2*0x1p-24*(math.Abs(p)+math.Abs(float64(w[k])))+0x1p-149) {
					t.Fatalf("Ger %dx%d w[%d,%d]: %v, want %v", m, n, i, j, got.ger[k], want)
				}
			}
		})
	})
}
