package compare

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/simdrnn/simdrnn/kernels"
	"github.com/viterin/vek"
	"github.com/viterin/vek/vek32"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
)

// A peer computes one of the compared operations.
type peer struct {
	name string
	f    func(w, x, y []float32, n int) // operands: n x n matrix w, vectors x, y
	// loop, if not nil, does what f does reps times in one call; the
	// benchmarks use it for peers behind a call that costs more than a Go
	// call (cgo), so that they time the peer's kernel.
	loop func(w, x, y []float32, n, reps int)
}

// simdrnnImpls returns the simdrnn tiers this CPU runs, as peer names.
func simdrnnImpls() []string { return kernels.Implementations() }

func useImpl(tb testing.TB, impl string) {
	tb.Helper()
	if err := kernels.Use(impl); err != nil {
		tb.Fatal(err)
	}
}

func general(w []float32, n int) blas32.General {
	return blas32.General{Rows: n, Cols: n, Stride: n, Data: w}
}

func vector(v []float32) blas32.Vector { return blas32.Vector{N: len(v), Inc: 1, Data: v} }

// The three operations, y = W x, y = W^T x and W += alpha x y^T, for each
// peer. simdrnn's tier is selected by the caller with kernels.Use.
var (
	matVecPeers = []peer{
		{name: "simdrnn", f: func(w, x, y []float32, n int) { kernels.MatVec(y, w, x) }},
		{name: "gonum", f: func(w, x, y []float32, n int) {
			blas32.Gemv(blas.NoTrans, 1, general(w, n), vector(x), 0, vector(y))
		}},
		// vek multiplies an n x n by an n x 1 matrix into y without
		// allocating the result.
		{name: "vek", f: func(w, x, y []float32, n int) { vek32.MatMul_Into(y, w, x, n) }},
	}
	matVecTPeers = []peer{
		{name: "simdrnn", f: func(w, x, y []float32, n int) { kernels.MatVecT(y, w, x) }},
		{name: "gonum", f: func(w, x, y []float32, n int) {
			blas32.Gemv(blas.Trans, 1, general(w, n), vector(x), 0, vector(y))
		}},
	}
	gerAlpha = float32(0.75)
	gerPeers = []peer{
		{name: "simdrnn", f: func(w, x, y []float32, n int) { kernels.Ger(w, gerAlpha, x, y) }},
		{name: "gonum", f: func(w, x, y []float32, n int) { blas32.Ger(gerAlpha, vector(x), vector(y), general(w, n)) }},
	}
)

func randVec(r *rand.Rand, n int) []float32 {
	v := make([]float32, n)
	for i := range v {
		v[i] = float32(r.Float64()*2 - 1)
	}
	return v
}

// TestPeersAgree checks every peer of every operation against a float64
// reference, within the float32 error bound of an n-term sum, on sizes
// around SIMD tails and on the benchmark sizes.
func TestPeersAgree(t *testing.T) {
	t.Logf("simdrnn tiers %v; vek acceleration (AVX2+FMA assembly): %v", kernels.Implementations(), vek.Info().Acceleration)
	sizes := []int{1, 3, 7, 8, 9, 17, 31, 64, 100, 256, 333}
	for _, n := range sizes {
		r := rand.New(rand.NewPCG(uint64(n), 7))
		w0, x, y0 := randVec(r, n*n), randVec(r, n), randVec(r, n)

		// References in float64: W x, W^T x with the absolute sums for the
		// bound, and the updated W.
		mv, mvAbs := make([]float64, n), make([]float64, n)
		mvt, mvtAbs := make([]float64, n), make([]float64, n)
		for i := range n {
			for j := range n {
				p := float64(w0[i*n+j]) * float64(x[j])
				mv[i] += p
				mvAbs[i] += math.Abs(p)
				q := float64(w0[i*n+j]) * float64(x[i])
				mvt[j] += q
				mvtAbs[j] += math.Abs(q)
			}
		}
		bound := func(abs float64) float64 { return float64(n+2) * 0x1p-24 * abs * 1.01 }

		check := func(t *testing.T, op, name string, got []float32, want, abs []float64) {
			t.Helper()
			for i := range got {
				if d := math.Abs(float64(got[i]) - want[i]); !(d <= bound(abs[i])) {
					t.Fatalf("%s %s n=%d: [%d] = %v, want %v (bound %g)", op, name, n, i, got[i], want[i], bound(abs[i]))
				}
			}
		}
		forPeers := func(op string, peers []peer, f func(t *testing.T, name string, p peer)) {
			for _, p := range peers {
				if p.name != "simdrnn" {
					t.Run(fmt.Sprintf("%s/%s/n=%d", op, p.name, n), func(t *testing.T) { f(t, p.name, p) })
					continue
				}
				for _, impl := range simdrnnImpls() {
					useImpl(t, impl)
					name := "simdrnn-" + impl
					t.Run(fmt.Sprintf("%s/%s/n=%d", op, name, n), func(t *testing.T) { f(t, name, p) })
				}
				useImpl(t, "")
			}
		}

		forPeers("MatVec", matVecPeers, func(t *testing.T, name string, p peer) {
			y := append([]float32(nil), y0...)
			p.f(append([]float32(nil), w0...), x, y, n)
			check(t, "MatVec", name, y, mv, mvAbs)
		})
		forPeers("MatVecT", matVecTPeers, func(t *testing.T, name string, p peer) {
			y := append([]float32(nil), y0...)
			p.f(append([]float32(nil), w0...), x, y, n)
			check(t, "MatVecT", name, y, mvt, mvtAbs)
		})
		forPeers("Ger", gerPeers, func(t *testing.T, name string, p peer) {
			w := append([]float32(nil), w0...)
			p.f(w, x, y0, n)
			for i := range n {
				want, abs := make([]float64, n), make([]float64, n)
				for j := range n {
					pr := float64(gerAlpha) * float64(x[i]) * float64(y0[j])
					want[j] = float64(w0[i*n+j]) + pr
					abs[j] = math.Abs(float64(w0[i*n+j])) + math.Abs(pr)
				}
				// Rounding alpha*x[i], the product and the sum: three
				// units in the last place at most.
				for j := range n {
					if d := math.Abs(float64(w[i*n+j]) - want[j]); !(d <= 3*0x1p-24*abs[j]*1.01) {
						t.Fatalf("Ger %s n=%d: w[%d,%d] = %v, want %v", name, n, i, j, w[i*n+j], want[j])
					}
				}
			}
		})
	}
}
