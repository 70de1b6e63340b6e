package kernels_test

import (
	"testing"

	"github.com/simdrnn/simdrnn/internal/testutil"
	"github.com/simdrnn/simdrnn/kernels"
)

func vec(n int) []float32 {
	return testutil.NewBuf[float32](n, 0).Fill(testutil.Uniform(testutil.Rand(n))).S()
}

func BenchmarkDot(b *testing.B) {
	testutil.BenchImpls(b, testutil.BenchSizes,
		func(n int) int64 { return int64(2 * n) }, func(n int) int64 { return int64(8 * n) },
		func(b *testing.B, n int) {
			x, y := vec(n), vec(n)
			for b.Loop() {
				kernels.Dot(x, y)
			}
		})
}

func BenchmarkAxpy(b *testing.B) {
	testutil.BenchImpls(b, testutil.BenchSizes,
		func(n int) int64 { return int64(2 * n) }, func(n int) int64 { return int64(12 * n) },
		func(b *testing.B, n int) {
			x, y := vec(n), vec(n)
			for b.Loop() {
				kernels.Axpy(1e-7, x, y)
			}
		})
}

func BenchmarkScale(b *testing.B) {
	testutil.BenchImpls(b, testutil.BenchSizes,
		func(n int) int64 { return int64(n) }, func(n int) int64 { return int64(8 * n) },
		func(b *testing.B, n int) {
			x := vec(n)
			for b.Loop() {
				kernels.Scale(1, x)
			}
		})
}

// The matrix benchmarks use square n x n matrices: 2n^2 flops, and the
// matrix (4n^2 bytes) dominates the traffic.
func matFlops(n int) int64 { return int64(2 * n * n) }
func matBytes(n int) int64 { return int64(4 * n * n) }

func benchMat(b *testing.B, f func(y, w, x []float32)) {
	testutil.BenchImpls(b, testutil.BenchSizes, matFlops, matBytes, func(b *testing.B, n int) {
		w, x, y := vec(n*n), vec(n), vec(n)
		for b.Loop() {
			f(y, w, x)
		}
	})
}

func BenchmarkMatVec(b *testing.B)     { benchMat(b, kernels.MatVec) }
func BenchmarkMatVecAdd(b *testing.B)  { benchMat(b, kernels.MatVecAdd) }
func BenchmarkMatVecT(b *testing.B)    { benchMat(b, kernels.MatVecT) }
func BenchmarkMatVecTAdd(b *testing.B) { benchMat(b, kernels.MatVecTAdd) }

func BenchmarkGer(b *testing.B) {
	// Ger reads and writes the matrix: 8n^2 bytes.
	testutil.BenchImpls(b, testutil.BenchSizes, matFlops, func(n int) int64 { return int64(8 * n * n) },
		func(b *testing.B, n int) {
			w, x, y := vec(n*n), vec(n), vec(n)
			for b.Loop() {
				kernels.Ger(w, 1e-9, x, y)
			}
		})
}
