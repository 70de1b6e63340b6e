//go:build openblas

package compare

import "testing"

// openblasConfig describes the OpenBLAS build and kernel set the peers run.
var openblasConfig string

// With the openblas build tag, OpenBLAS's cblas_sgemv (no transpose and
// transposed), cblas_sger and cblas_sgemm (beta = 1: C += op(A) op(B))
// join the peers as openblas-<core>, <core> being the kernel set OpenBLAS
// chose for this CPU (OPENBLAS_CORETYPE forces one), so that runs with
// different kernel sets line up side by side in benchstat. TestPeersAgree
// and TestGemmPeersAgree check them like every other peer, through the
// same C loop the benchmarks time, with one repetition.
func init() {
	core, config := openblasInit()
	openblasConfig = config
	name := "openblas-" + core
	sgemv := func(trans bool) peer {
		return peer{
			name: name,
			f:    func(w, x, y []float32, n int) { openblasSgemv(trans, w, x, y, n, 1) },
			loop: func(w, x, y []float32, n, reps int) { openblasSgemv(trans, w, x, y, n, reps) },
		}
	}
	matVecPeers = append(matVecPeers, sgemv(false))
	matVecTPeers = append(matVecTPeers, sgemv(true))
	gerPeers = append(gerPeers, peer{
		name: name,
		f:    func(w, x, y []float32, n int) { openblasSger(w, gerAlpha, x, y, n, 1) },
		loop: func(w, x, y []float32, n, reps int) { openblasSger(w, gerAlpha, x, y, n, reps) },
	})
	gemm := func(s gemmShape, a, b, c []float32, reps int) {
		_, lda, _, ldb := s.stored()
		openblasSgemm(s.tA, s.tB, s.m, s.n, s.k, a, lda, b, ldb, c, s.n, reps)
	}
	gemmPeers = append(gemmPeers, gemmPeer{
		name: name,
		f:    func(s gemmShape, a, b, c []float32) { gemm(s, a, b, c, 1) },
		loop: gemm,
	})
}

// TestOpenBLASConfig logs the OpenBLAS build, kernel set and thread count.
func TestOpenBLASConfig(t *testing.T) { t.Log(openblasConfig) }

// BenchmarkCgoCall times one call from Go to an empty C function: what a Go
// program pays on top of OpenBLAS's kernel for each product it computes
// through cgo (the OpenBLAS benchmarks loop in C and do not pay it).
func BenchmarkCgoCall(b *testing.B) {
	for b.Loop() {
		cgoEmptyCall()
	}
}
