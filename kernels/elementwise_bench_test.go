package kernels_test

import (
	"math"
	"strconv"
	"testing"

	"github.com/simdrnn/simdrnn/internal/testutil"
	"github.com/simdrnn/simdrnn/kernels"
)

// elemSizes are the element-wise benchmark sizes: the n = 4096, 1M
// (memory-bound), and 23,000 (min-char-rnn's parameter count, for the
// optimizers).
var elemSizes = []int{4096, 23000, 1 << 20}

// perElem reports ns per element as the custom metric "ns/elem".
func perElem(b *testing.B, n int) {
	if b.N > 0 && n > 0 {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/elem")
	}
}

// scaled returns a benchmark input of n values uniform in [-s, s).
func scaled(n int, s float32) []float32 {
	x := vec(n)
	for i := range x {
		x[i] *= s
	}
	return x
}

// benchUnary benchmarks f per implementation, and a float64 math baseline
// loop as the sub-benchmark "math.<name>".
func benchUnary(b *testing.B, name string, s float32, f func(dst, src []float32), ref func(float64) float64) {
	bytes := func(n int) int64 { return int64(8 * n) }
	testutil.BenchImpls(b, elemSizes, nil, bytes, func(b *testing.B, n int) {
		x, y := scaled(n, s), make([]float32, n)
		for b.Loop() {
			f(y, x)
		}
		perElem(b, n)
	})
	b.Run("impl=math."+name, func(b *testing.B) {
		for _, n := range elemSizes {
			b.Run("n="+strconv.Itoa(n), func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(bytes(n))
				x, y := scaled(n, s), make([]float32, n)
				for b.Loop() {
					for i, v := range x {
						y[i] = float32(ref(float64(v)))
					}
				}
				perElem(b, n)
			})
		}
	})
}

// Tanh inputs are uniform in [-3, 3) (both branches, as pre-activations
// of a trained RNN); Exp inputs in [-10, 10).
func BenchmarkTanh(b *testing.B) { benchUnary(b, "Tanh", 3, kernels.Tanh, math.Tanh) }
func BenchmarkExp(b *testing.B)  { benchUnary(b, "Exp", 10, kernels.Exp, math.Exp) }

// Sigmoid inputs are uniform in [-8, 8) (gate pre-activations).
func BenchmarkSigmoid(b *testing.B) { benchUnary(b, "Sigmoid", 8, kernels.Sigmoid, sigmoid64) }

func BenchmarkTanhBackward(b *testing.B) {
	testutil.BenchImpls(b, elemSizes, nil, func(n int) int64 { return int64(12 * n) }, func(b *testing.B, n int) {
		y, dy, d := vec(n), vec(n), make([]float32, n)
		for b.Loop() {
			kernels.TanhBackward(d, y, dy)
		}
		perElem(b, n)
	})
}

// Softmax over a vocabulary-sized vector (65 for tinyshakespeare) and the
// standard sizes.
var softmaxSizes = []int{65, 4096}

func BenchmarkSoftmax(b *testing.B) {
	testutil.BenchImpls(b, softmaxSizes, nil, func(n int) int64 { return int64(8 * n) }, func(b *testing.B, n int) {
		x, y := scaled(n, 5), make([]float32, n)
		for b.Loop() {
			kernels.Softmax(y, x)
		}
		perElem(b, n)
	})
}

func BenchmarkSoftmaxCrossEntropy(b *testing.B) {
	testutil.BenchImpls(b, softmaxSizes, nil, func(n int) int64 { return int64(8 * n) }, func(b *testing.B, n int) {
		x, y := scaled(n, 5), make([]float32, n)
		for b.Loop() {
			kernels.SoftmaxCrossEntropy(y, x, n/2)
		}
		perElem(b, n)
	})
}

func BenchmarkAdagrad(b *testing.B) {
	testutil.BenchImpls(b, elemSizes, nil, func(n int) int64 { return int64(20 * n) }, func(b *testing.B, n int) {
		w, g, m := vec(n), vec(n), make([]float32, n)
		for i := range g {
			g[i] *= 1e-3
		}
		for b.Loop() {
			kernels.Adagrad(w, g, m, 1e-9, 1e-8)
		}
		perElem(b, n)
	})
}

func BenchmarkAdam(b *testing.B) {
	testutil.BenchImpls(b, elemSizes, nil, func(n int) int64 { return int64(28 * n) }, func(b *testing.B, n int) {
		w, g, m, v := vec(n), vec(n), make([]float32, n), make([]float32, n)
		for b.Loop() {
			kernels.Adam(w, g, m, v, 1e-9, 0.9, 0.999, 1e-8, 10)
		}
		perElem(b, n)
	})
}

func BenchmarkSGDMomentum(b *testing.B) {
	testutil.BenchImpls(b, elemSizes, nil, func(n int) int64 { return int64(20 * n) }, func(b *testing.B, n int) {
		w, g, v := vec(n), vec(n), make([]float32, n)
		for b.Loop() {
			kernels.SGDMomentum(w, g, v, 1e-9, 0.5)
		}
		perElem(b, n)
	})
}

func BenchmarkClip(b *testing.B) {
	testutil.BenchImpls(b, elemSizes, nil, func(n int) int64 { return int64(8 * n) }, func(b *testing.B, n int) {
		x := vec(n)
		for b.Loop() {
			kernels.Clip(x, 5)
		}
		perElem(b, n)
	})
}

func BenchmarkSumSquares(b *testing.B) {
	testutil.BenchImpls(b, elemSizes, nil, func(n int) int64 { return int64(4 * n) }, func(b *testing.B, n int) {
		x := vec(n)
		for b.Loop() {
			kernels.SumSquares(x)
		}
		perElem(b, n)
	})
}

// cellSizes are the cell benchmarks' numbers of units (the hidden
// sizes 64 to 1024).
var cellSizes = []int{64, 256, 1024}

// cellVecs returns k slices of n values in [-1, 1).
func cellVecs(k, n int) [][]float32 {
	v := make([][]float32, k)
	for i := range v {
		v[i] = vec(n)
	}
	return v
}

// The forward kernels overwrite their gate inputs with activations, so
// after the first call they run on activations; their assembly has no
// data-dependent branches. Bytes are what one call reads and writes.
func BenchmarkLSTMForward(b *testing.B) {
	testutil.BenchImpls(b, cellSizes, nil, func(n int) int64 { return int64(4 * 12 * n) }, func(b *testing.B, n int) {
		v := cellVecs(7, n)
		for b.Loop() {
			kernels.LSTMForward(v[0], v[1], v[2], v[3], v[4], v[5], v[6])
		}
		perElem(b, n)
	})
}

func BenchmarkLSTMBackward(b *testing.B) {
	testutil.BenchImpls(b, cellSizes, nil, func(n int) int64 { return int64(4 * 17 * n) }, func(b *testing.B, n int) {
		v := cellVecs(12, n)
		for b.Loop() {
			kernels.LSTMBackward(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11])
		}
		perElem(b, n)
	})
}

func BenchmarkGRUForward(b *testing.B) {
	testutil.BenchImpls(b, cellSizes, nil, func(n int) int64 { return int64(4 * 11 * n) }, func(b *testing.B, n int) {
		v := cellVecs(8, n)
		for b.Loop() {
			kernels.GRUForward(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7])
		}
		perElem(b, n)
	})
}

func BenchmarkGRUBackward(b *testing.B) {
	testutil.BenchImpls(b, cellSizes, nil, func(n int) int64 { return int64(4 * 11 * n) }, func(b *testing.B, n int) {
		v := cellVecs(11, n)
		for b.Loop() {
			kernels.GRUBackward(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10])
		}
		perElem(b, n)
	})
}
