package kernels_test

import (
	"math"
	"testing"

	"github.com/simdrnn/simdrnn/internal/testutil"
	"github.com/simdrnn/simdrnn/kernels"
)

// TestAdagradUpdateBound checks Adagrad's documented accuracy, a relative
// error of the update lr*g/sqrt(m+eps) below 2^-21, in every tier on 2^20
// random inputs (2^18 under -short) whose g, m and lr spread over 2^41,
// 2^41 and 2^10 with random mantissas, so that the reciprocal square roots
// of the avx2 and avx512 tiers meet mantissas of every kind. The reference
// is float64 from the same m (which the tiers share to the bit).
func TestAdagradUpdateBound(t *testing.T) {
	const n = 1 << 14
	reps := 64
	if testing.Short() {
		reps = 16
	}
	testutil.ForEachImpl(t, func(t *testing.T) {
		r := testutil.Rand(21)
		w, g, m := make([]float32, n), make([]float32, n), make([]float32, n)
		worst := 0.0
		for range reps {
			for i := range g {
				g[i] = float32(math.Ldexp(1+r.Float64(), r.IntN(41)-20))
				if r.IntN(2) == 0 {
					g[i] = -g[i]
				}
				m[i] = float32(math.Ldexp(1+r.Float64(), r.IntN(41)-20)) * float32(r.IntN(2))
				w[i] = 0 // w becomes -update, exactly
			}
			lr, eps := float32(math.Ldexp(1+r.Float64(), -r.IntN(10))), float32(1e-8)
			kernels.Adagrad(w, g, m, lr, eps)
			for i := range g {
				upd := float64(lr) * float64(g[i]) / math.Sqrt(float64(m[i])+float64(eps))
				e := math.Abs(-float64(w[i])-upd) / math.Abs(upd)
				if e >= 0x1p-21 {
					t.Fatalf("g=%v m=%v lr=%v: update %v, want %v (relative error %.3g >= 2^-21)", g[i], m[i], lr, -w[i], upd, e)
				}
				worst = max(worst, e)
			}
		}
		t.Logf("largest relative error of the update: 2^%.2f", math.Log2(worst))
	})
}
