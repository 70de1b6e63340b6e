package kernels_test

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/simdrnn/simdrnn/internal/testutil"
	"github.com/simdrnn/simdrnn/kernels"
)

// gemmBenchShapes are the products BenchmarkGemm times: C (m x n) +=
// op(A) (m x k) op(B) (k x n). op NN is Gemm(false, false), NT is
// GemmPacked with B = W^T packed once (W stored n x k: the batch step of
// a layer, H W^T), TN is Gemm(true, false) (a weight gradient: A stored k x
// m, the sum over k of outer products).
var gemmBenchShapes = []struct {
	m, n, k int
	op      string
}{
	{64, 64, 64, "NN"},
	{128, 128, 128, "NN"},
	{256, 256, 256, "NN"},
	{512, 512, 512, "NN"},
	{1024, 1024, 1024, "NN"},
	{512, 16, 512, "NN"},
	{512, 32, 512, "NN"},
	{16, 512, 512, "NT"},
	{32, 512, 512, "NT"},
	{32, 2048, 512, "NT"},
	{512, 512, 1600, "TN"},
}

// BenchmarkGemm times the products of gemmBenchShapes on every tier, as
// shape=MxNxK/op=OP/impl=TIER, reporting GFLOP/s (2mnk operations per
// call), allocations (none: one Workspace serves every call, grown by a
// call before the timed loop), the thread's CPU time per call (cpu-ns/op)
// with the GFLOP/s it gives (cpu-GFLOP/s), which leave out the time other
// processes held the CPU on a shared machine, and best-GFLOP/s, the rate of
// the fastest single call (on a 2-vCPU VM whose other vCPU shares the
// core's FMA units with other work, the closest to a quiet machine's).
func BenchmarkGemm(b *testing.B) {
	defer kernels.Use("")
	for _, s := range gemmBenchShapes {
		b.Run(fmt.Sprintf("shape=%dx%dx%d/op=%s", s.m, s.n, s.k, s.op), func(b *testing.B) {
			a, bm, c := vec(s.m*s.k), vec(s.k*s.n), vec(s.m*s.n)
			for _, name := range kernels.Implementations() {
				if err := kernels.Use(name); err != nil {
					b.Fatal(err)
				}
				b.Run("impl="+name, func(b *testing.B) {
					b.ReportAllocs()
					var ws kernels.Workspace
					var p kernels.PackedB
					var call func()
					switch s.op {
					case "NN":
						call = func() { kernels.Gemm(false, false, s.m, s.n, s.k, a, s.k, bm, s.n, c, s.n, &ws) }
					case "NT":
						p.Pack(true, s.k, s.n, bm, s.k)
						call = func() { kernels.GemmPacked(false, s.m, a, s.k, &p, c, s.n, &ws) }
					case "TN":
						call = func() { kernels.Gemm(true, false, s.m, s.n, s.k, a, s.m, bm, s.n, c, s.n, &ws) }
					}
					call() // grows the workspace
					runtime.LockOSThread()
					defer runtime.UnlockOSThread()
					t0, cpuOK := testutil.ThreadCPU()
					best, last := time.Duration(1<<63-1), time.Now()
					for b.Loop() {
						call()
						now := time.Now()
						best, last = min(best, now.Sub(last)), now
					}
					t1, _ := testutil.ThreadCPU()
					flops := 2 * float64(s.m) * float64(s.n) * float64(s.k)
					if b.Elapsed() > 0 {
						b.ReportMetric(flops*float64(b.N)/float64(b.Elapsed().Nanoseconds()), "GFLOP/s")
						b.ReportMetric(flops/float64(best.Nanoseconds()), "best-GFLOP/s")
					}
					if cpuOK && t1 > t0 {
						b.ReportMetric(float64(t1-t0)/float64(b.N), "cpu-ns/op")
						b.ReportMetric(flops*float64(b.N)/float64(t1-t0), "cpu-GFLOP/s")
					}
				})
			}
		})
	}
}
