package bench

import (
	"math/rand/v2"

	"github.com/simdrnn/simdrnn/kernels"
)

// gemmSizes are the sizes the matrix-matrix products run at.
var gemmSizes = []int{64, 128, 256, 512, 1024}

// gemmKernels returns the matrix-matrix product entries: each computes
// C (m x n) += op(A) op(B) with a reused kernels.Workspace, so that a call
// is the product alone.
//
//   - Gemm: n x n x n squares, C += A B.
//   - GemmN16, GemmN32: C (n x 16 or 32) += A (n x n) B, the skinny
//     shape of a weight matrix times a batch of 16 or 32 column vectors.
//   - GemmBatch32: C (32 x n) += X (32 x n) W^T with W (n x n) a
//     kernels.PackedB packed once, a batched recurrent step's product.
//   - GemmGradTN: C (n x n) += A^T B with A, B of 1600 x n, a weight
//     gradient summed over 50 steps of a batch of 32.
func gemmKernels() []Kernel {
	return []Kernel{
		gemmEntry("Gemm", func(n int) (m, nn, k int) { return n, n, n }, false, false, false),
		gemmEntry("GemmN16", func(n int) (m, nn, k int) { return n, 16, n }, false, false, false),
		gemmEntry("GemmN32", func(n int) (m, nn, k int) { return n, 32, n }, false, false, false),
		gemmEntry("GemmBatch32", func(n int) (m, nn, k int) { return 32, n, n }, false, true, true),
		gemmEntry("GemmGradTN", func(n int) (m, nn, k int) { return n, n, 1600 }, true, false, false),
	}
}

// gemmEntry returns a Custom entry for the product of the shape dims(n)
// with the given operations, through GemmPacked when packed.
func gemmEntry(name string, dims func(n int) (m, nn, k int), tA, tB, packed bool) Kernel {
	return Kernel{
		Name: name, Shape: Custom, SizeName: "n", Sizes: gemmSizes,
		Setup: func(size int) (func(), error) {
			m, n, k := dims(size)
			r := rand.New(rand.NewPCG(uint64(m), uint64(n*k)))
			fill := func(l int) []float32 {
				s := make([]float32, l)
				for i := range s {
					s[i] = float32(r.Float64()*2 - 1)
				}
				return s
			}
			a, b, c := fill(m*k), fill(k*n), make([]float32, m*n)
			lda, ldb := k, n
			if tA {
				lda = m
			}
			if tB {
				ldb = k
			}
			ws := new(kernels.Workspace)
			if packed {
				p := new(kernels.PackedB)
				p.Pack(tB, k, n, b, ldb)
				return func() {
					if !p.Valid() { // the tier changed since Setup
						p.Pack(tB, k, n, b, ldb)
					}
					kernels.GemmPacked(tA, m, a, lda, p, c, n, ws)
				}, nil
			}
			return func() { kernels.Gemm(tA, tB, m, n, k, a, lda, b, ldb, c, n, ws) }, nil
		},
		Cost: func(size int) Cost {
			m, n, k := dims(size)
			M, N, K := float64(m), float64(n), float64(k)
			return Cost{
				Elems:     M * N * K,
				Flops:     2 * M * N * K,
				Read:      4 * (M*K + K*N + M*N),
				Written:   4 * M * N,
				Footprint: 4 * (M*K + K*N + M*N),
			}
		},
	}
}
