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

// FuzzKernels compares every tier with generic on fuzzed shapes and values:
// dot products and all four matrix-vector kernels of a rows x cols matrix,
// and a rank-1 update.
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
		if err := kernels.Use("generic"); err != nil {
			t.Fatal(err)
		}
		ref := run()
		_, saDot := dotRef(w[:n], y)
		_, saMV := refMatVec(make([]float32, m), w, y, false)
		_, saMVT := refMatVecT(make([]float32, n), w, x, false)
		testutil.ForEachImpl(t, func(t *testing.T) {
			got := run()
			// Both results are within SumBound of the exact value, so
			// within twice that of each other.
			if !testutil.Close(got.dot, float64(ref.dot), 2*testutil.SumBound(n, saDot)) {
				t.Fatalf("Dot: %v, generic %v", got.dot, ref.dot)
			}
			for i := range got.mv {
				if !testutil.Close(got.mv[i], float64(ref.mv[i]), 2*testutil.SumBound(n, saMV[i])) {
					t.Fatalf("MatVec %dx%d y[%d]: %v, generic %v", m, n, i, got.mv[i], ref.mv[i])
				}
			}
			for j := range got.mvt {
				if !testutil.Close(got.mvt[j], float64(ref.mvt[j]), 2*testutil.SumBound(m, saMVT[j])) {
					t.Fatalf("MatVecT %dx%d y[%d]: %v, generic %v", m, n, j, got.mvt[j], ref.mvt[j])
				}
			}
			for k := range got.ger {
				i, j := k/n, k%n
				p := math.Abs(float64(0.5*x[i]) * float64(y[j]))
				if !testutil.Close(got.ger[k], float64(ref.ger[k]), 4*0x1p-24*(p+math.Abs(float64(w[k])))) {
					t.Fatalf("Ger %dx%d w[%d,%d]: %v, generic %v", m, n, i, j, got.ger[k], ref.ger[k])
				}
			}
		})
	})
}
