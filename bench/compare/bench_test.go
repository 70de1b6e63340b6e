package compare

import (
	"math/rand/v2"
	"strconv"
	"testing"
)

// benchSizes are the matrix orders compared (N x N matrices).
var benchSizes = []int{64, 100, 256, 512, 1024, 2048, 4096}

// benchPeers runs Benchmark<Op>/impl=<peer>/n=<N> for every peer and size,
// with simdrnn expanded into simdrnn-<tier> for every tier this CPU runs.
// Each reports GFLOP/s (2N^2 flops per call) and allocations. The key=value
// names let benchstat put the peers side by side: -col /impl -row /n.
func benchPeers(b *testing.B, peers []peer) {
	for _, p := range peers {
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
				for _, n := range benchSizes {
					b.Run("n="+strconv.Itoa(n), func(b *testing.B) {
						r := rand.New(rand.NewPCG(uint64(n), 1))
						w, x, y := randVec(r, n*n), randVec(r, n), randVec(r, n)
						b.ReportAllocs()
						if p.loop != nil {
							b.ResetTimer()
							p.loop(w, x, y, n, b.N)
						} else {
							for b.Loop() {
								p.f(w, x, y, n)
							}
						}
						b.ReportMetric(2*float64(n)*float64(n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
					})
				}
			})
		}
	}
}

func BenchmarkMatVec(b *testing.B)  { benchPeers(b, matVecPeers) }
func BenchmarkMatVecT(b *testing.B) { benchPeers(b, matVecTPeers) }

// BenchmarkGer updates the same matrix on every call; alpha*x*y^T is small
// next to W (|alpha*x*y| < 0.75, repeated b.N times), which only matters for
// the values, not the speed, as no peer has a data-dependent path.
func BenchmarkGer(b *testing.B) { benchPeers(b, gerPeers) }
