package compare

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/simdrnn/simdrnn/kernels"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
)

// gemmShape is one matrix-matrix product C += op(A) op(B): C is m x n,
// op(A) m x k and op(B) k x n, A stored k x m when tA and B stored n x k
// when tB; every matrix is row-major with its rows packed (the leading
// dimension is the stored row length).
type gemmShape struct {
	m, n, k int
	tA, tB  bool
}

// op names the operations as BLAS does: NN, NT (C += A B^T), TN, TT.
func (s gemmShape) op() string {
	t := func(b bool) string {
		if b {
			return "T"
		}
		return "N"
	}
	return t(s.tA) + t(s.tB)
}

// size is the shape as m x n x k.
func (s gemmShape) size() string { return fmt.Sprintf("%dx%dx%d", s.m, s.n, s.k) }

// stored returns the stored rows and columns (= leading dimension) of A
// and B.
func (s gemmShape) stored() (ar, ac, br, bc int) {
	ar, ac, br, bc = s.m, s.k, s.k, s.n
	if s.tA {
		ar, ac = ac, ar
	}
	if s.tB {
		br, bc = bc, br
	}
	return ar, ac, br, bc
}

// gemmShapes are the benchmarked products: NN squares; the skinny products
// of a matrix and 16 or 32 vectors (512 x 16 x 512, 512 x 32 x 512); a
// forward step of a batch of 32 through a 512 x 512 weight matrix, C += X
// W^T (32 x 512 x 512 NT); and a weight gradient summed over 1,600 rows,
// C += A^T B (512 x 512 x 1600 TN).
var gemmShapes = []gemmShape{
	{m: 64, n: 64, k: 64},
	{m: 128, n: 128, k: 128},
	{m: 256, n: 256, k: 256},
	{m: 512, n: 512, k: 512},
	{m: 1024, n: 1024, k: 1024},
	{m: 512, n: 16, k: 512},
	{m: 512, n: 32, k: 512},
	{m: 32, n: 512, k: 512, tB: true},
	{m: 512, n: 512, k: 1600, tA: true},
}

// A gemmPeer computes C += op(A) op(B) for a shape, with A, B and C stored
// as gemmShape describes.
type gemmPeer struct {
	name string
	f    func(s gemmShape, a, b, c []float32)
	// loop, if not nil, does what f does reps times in one call (see
	// peer.loop).
	loop func(s gemmShape, a, b, c []float32, reps int)
}

// gemmWS is the workspace of simdrnn's Gemm peer: one for the benchmarks'
// whole run, as a program keeps one per goroutine, so that the timed calls
// reuse its memory.
var gemmWS kernels.Workspace

// gemmPeers are the peers of the matrix-matrix product: simdrnn's Gemm
// (its tier selected by the caller with kernels.Use) and gonum's Sgemm
// through blas32 (gonum.org/v1/gonum/blas/gonum's Implementation, pure
// Go plus gonum's assembly; it splits a large product over GOMAXPROCS
// goroutines, which -cpu 1 keeps to one). With the openblas build tag,
// cblas_sgemm joins them (openblas_test.go).
var gemmPeers = []gemmPeer{
	{name: "simdrnn", f: func(s gemmShape, a, b, c []float32) {
		_, lda, _, ldb := s.stored()
		kernels.Gemm(s.tA, s.tB, s.m, s.n, s.k, a, lda, b, ldb, c, s.n, &gemmWS)
	}},
	{name: "gonum", f: func(s gemmShape, a, b, c []float32) {
		ar, ac, br, bc := s.stored()
		blas32.Gemm(blasTrans(s.tA), blasTrans(s.tB), 1,
			blas32.General{Rows: ar, Cols: ac, Stride: ac, Data: a},
			blas32.General{Rows: br, Cols: bc, Stride: bc, Data: b},
			1, blas32.General{Rows: s.m, Cols: s.n, Stride: s.n, Data: c})
	}},
}

func blasTrans(t bool) blas.Transpose {
	if t {
		return blas.Trans
	}
	return blas.NoTrans
}

// gemmOperands returns random A, B and C in [-1, 1) for s.
func gemmOperands(s gemmShape, seed uint64) (a, b, c []float32) {
	r := rand.New(rand.NewPCG(seed, uint64(s.m)<<40|uint64(s.n)<<20|uint64(s.k)))
	return randVec(r, s.m*s.k), randVec(r, s.k*s.n), randVec(r, s.m*s.n)
}

// BenchmarkGemm runs BenchmarkGemm/impl=<peer>/shape=<m>x<n>x<k>/op=<NN|NT|TN>
// for every peer and shape (simdrnn as simdrnn-<tier> for every tier this
// CPU runs), reporting GFLOP/s (2 m n k flops per product) and
// allocations: benchstat -col /impl -row /shape,/op. Every call adds to
// the same C, which grows by b.N products of values in [-1, 1): no peer
// has a data-dependent path, and C stays far from overflow.
func BenchmarkGemm(b *testing.B) {
	for _, p := range gemmPeers {
		impls := []string{""}
		if p.name == "simdrnn" {
			impls = simdrnnImpls()
		}
		for _, impl := range impls {
			name := p.name
			if impl != "" {
				name += "-" + impl
			}
			b.Run("impl="+name, func(b *testing.B) {
				if impl != "" {
					useImpl(b, impl)
					defer useImpl(b, "")
				}
				for _, s := range gemmShapes {
					b.Run("shape="+s.size()+"/op="+s.op(), func(b *testing.B) {
						a, bm, c := gemmOperands(s, 1)
						// One untimed product first: simdrnn's workspace
						// grows to the shape, and the operands are in cache.
						p.f(s, a, bm, c)
						b.ReportAllocs()
						if p.loop != nil {
							b.ResetTimer()
							p.loop(s, a, bm, c, b.N)
						} else {
							for b.Loop() {
								p.f(s, a, bm, c)
							}
						}
						b.ReportMetric(2*float64(s.m)*float64(s.n)*float64(s.k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
					})
				}
			})
		}
	}
}

// gemmTestShapes are the products TestGemmPeersAgree checks: every
// benchmarked shape up to 256 x 256 x 256 and both skinny ones and the
// batch step at their benchmarked sizes; smaller stand-ins for the 512 and
// 1024 squares and for the TN gradient (its 1,600-row sum kept); odd sizes
// that leave edge tiles and blocks in m, n and k; and every operation.
// SIMDRNN_COMPARE_FULL=1 adds the remaining benchmarked shapes (17 s on
// the Ice Lake with the generic Gemm kernel in every tier, most of it the
// float64 reference and simdrnn's generic tier).
var gemmTestShapes = []gemmShape{
	{m: 1, n: 1, k: 1},
	{m: 7, n: 5, k: 3},
	{m: 13, n: 17, k: 33},
	{m: 64, n: 64, k: 64},
	{m: 100, n: 100, k: 100},
	{m: 128, n: 128, k: 128},
	{m: 256, n: 256, k: 256},
	{m: 333, n: 61, k: 519},
	{m: 512, n: 16, k: 512},
	{m: 512, n: 32, k: 512},
	{m: 37, n: 16, k: 45},
	{m: 37, n: 32, k: 45},
	{m: 32, n: 512, k: 512, tB: true},
	{m: 32, n: 77, k: 300, tB: true},
	{m: 64, n: 96, k: 1600, tA: true},
	{m: 45, n: 61, k: 400, tA: true},
	{m: 29, n: 35, k: 41, tA: true, tB: true},
}

// TestGemmPeersAgree checks every peer of the matrix-matrix product
// against a float64 reference of C + op(A) op(B), within the bound Gemm
// documents, (k+2) 2^-24 (|C| + sum |products|), through the code the
// benchmarks time (the C loop with one repetition for OpenBLAS).
func TestGemmPeersAgree(t *testing.T) {
	shapes := gemmTestShapes
	if os.Getenv("SIMDRNN_COMPARE_FULL") == "1" {
		for _, s := range gemmShapes {
			if s.m*s.n*s.k > 256*256*256 && s.m*s.n*s.k != 32*512*512 {
				shapes = append(shapes, s)
			}
		}
	}
	for _, s := range shapes {
		a, b, c0 := gemmOperands(s, 7)
		want, abs := refGemm(s, a, b, c0)
		for _, p := range gemmPeers {
			impls := []string{""}
			if p.name == "simdrnn" {
				impls = simdrnnImpls()
			}
			for _, impl := range impls {
				name := p.name
				if impl != "" {
					name += "-" + impl
				}
				t.Run(fmt.Sprintf("%s/shape=%s/op=%s", name, s.size(), s.op()), func(t *testing.T) {
					if impl != "" {
						useImpl(t, impl)
						defer useImpl(t, "")
					}
					c := append([]float32(nil), c0...)
					p.f(s, append([]float32(nil), a...), append([]float32(nil), b...), c)
					bound := float64(s.k+2) * 0x1p-24 * 1.01
					for i, v := range c {
						if d := math.Abs(float64(v) - want[i]); !(d <= bound*abs[i]) {
							t.Fatalf("C[%d,%d] = %v, want %v (|error| %g > bound %g)", i/s.n, i%s.n, v, want[i], d, bound*abs[i])
						}
					}
				})
			}
		}
	}
}

// refGemm returns C + op(A) op(B) in float64 and, per element, |C| plus
// the sum of the absolute values of the products.
func refGemm(s gemmShape, a, b, c []float32) (want, abs []float64) {
	_, lda, _, ldb := s.stored()
	// op(A) and op(B) in float64, row-major m x k and k x n.
	oa, ob := make([]float64, s.m*s.k), make([]float64, s.k*s.n)
	for i := range s.m {
		for p := range s.k {
			if s.tA {
				oa[i*s.k+p] = float64(a[p*lda+i])
			} else {
				oa[i*s.k+p] = float64(a[i*lda+p])
			}
		}
	}
	for p := range s.k {
		for j := range s.n {
			if s.tB {
				ob[p*s.n+j] = float64(b[j*ldb+p])
			} else {
				ob[p*s.n+j] = float64(b[p*ldb+j])
			}
		}
	}
	want, abs = make([]float64, s.m*s.n), make([]float64, s.m*s.n)
	for i := range s.m {
		w, ab := want[i*s.n:(i+1)*s.n], abs[i*s.n:(i+1)*s.n]
		for j := range s.n {
			w[j] = float64(c[i*s.n+j])
			ab[j] = math.Abs(w[j])
		}
		for p := range s.k {
			x := oa[i*s.k+p]
			for j, y := range ob[p*s.n : (p+1)*s.n] {
				w[j] += x * y
				ab[j] += math.Abs(x * y)
			}
		}
	}
	return want, abs
}
