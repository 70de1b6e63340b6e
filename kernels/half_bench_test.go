package kernels_test

import (
	"runtime"
	"slices"
	"testing"

	"github.com/simdrnn/simdrnn/internal/testutil"
	"github.com/simdrnn/simdrnn/kernels"
)

// BenchmarkMatVecHalf compares y = W x for an n x n matrix stored as
// float32 (MatVec), F16 (MatVecF16) and BF16 (MatVecBF16), in the same run:
// sub-benchmarks impl=<tier>/n=<n>/w=<format>, so that benchstat -col /w
// sets the formats side by side. GFLOP/s counts 2n^2 flops per call; MB/s
// the bytes of W and x read and y written; cpu-ns/op the thread's CPU time
// per call (testutil.StartCPU), steadier than ns/op on a shared machine.
func BenchmarkMatVecHalf(b *testing.B) {
	sizes := []int{64, 100, 256, 512, 1024, 2048, 4096}
	testutil.BenchImpls(b, sizes, nil, nil, func(b *testing.B, n int) {
		r := testutil.Rand(n)
		x := make([]float32, n)
		y := make([]float32, n)
		w := make([]float32, n*n)
		for i := range x {
			x[i] = float32(r.Float64()*2 - 1)
		}
		for i := range w {
			w[i] = float32(r.Float64()*2 - 1)
		}
		h := make([]kernels.F16, n*n)
		bf := make([]kernels.BF16, n*n)
		kernels.ToF16(h, w)
		kernels.ToBF16(bf, w)
		for _, c := range []struct {
			name  string
			bytes int
			f     func()
		}{
			{"f32", 4, func() { kernels.MatVec(y, w, x) }},
			{"f16", 2, func() { kernels.MatVecF16(y, h, x) }},
			{"bf16", 2, func() { kernels.MatVecBF16(y, bf, x) }},
		} {
			b.Run("w="+c.name, func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(c.bytes*n*n + 8*n))
				stop := testutil.StartCPU(b)
				for b.Loop() {
					c.f()
				}
				stop()
				b.ReportMetric(2*float64(n)*float64(n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	})
}

// BenchmarkMatVecHalfRatio measures MatVec, MatVecF16 and MatVecBF16 on
// the same n x n matrix in alternating batches (each about 2^22 weights,
// at least one call), by the thread's CPU time, so that the three formats
// see the same load and cache neighbours on a shared machine. It reports
// each format's median over the batches in ns per call (f32-ns, f16-ns,
// bf16-ns) and the 16-bit speeds against float32 from those medians
// (f16-speed, bf16-speed: above 1 is faster). One op is one batch of
// each; -benchtime 50x or so gives enough batches.
func BenchmarkMatVecHalfRatio(b *testing.B) {
	sizes := []int{64, 100, 256, 512, 1024, 2048, 4096}
	testutil.BenchImpls(b, sizes, nil, nil, func(b *testing.B, n int) {
		if _, ok := testutil.ThreadCPU(); !ok {
			b.Skip("needs the thread CPU time (Linux)")
		}
		r := testutil.Rand(n)
		x := make([]float32, n)
		y := make([]float32, n)
		w := make([]float32, n*n)
		for i := range x {
			x[i] = float32(r.Float64()*2 - 1)
		}
		for i := range w {
			w[i] = float32(r.Float64()*2 - 1)
		}
		h := make([]kernels.F16, n*n)
		bf := make([]kernels.BF16, n*n)
		kernels.ToF16(h, w)
		kernels.ToBF16(bf, w)
		fs := []func(){
			func() { kernels.MatVec(y, w, x) },
			func() { kernels.MatVecF16(y, h, x) },
			func() { kernels.MatVecBF16(y, bf, x) },
		}
		reps := max(1, (1<<22)/(n*n))
		var per [3][]float64
		for k := range per {
			per[k] = make([]float64, 0, 1024) // before b.Loop: not counted
		}
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		for b.Loop() {
			for k, f := range fs {
				t0, _ := testutil.ThreadCPU()
				for range reps {
					f()
				}
				t1, _ := testutil.ThreadCPU()
				per[k] = append(per[k], float64(t1-t0)/float64(reps))
			}
		}
		var med [3]float64
		for k := range per {
			slices.Sort(per[k])
			med[k] = per[k][len(per[k])/2]
		}
		b.ReportMetric(med[0], "f32-ns")
		b.ReportMetric(med[1], "f16-ns")
		b.ReportMetric(med[2], "bf16-ns")
		b.ReportMetric(med[0]/med[1], "f16-speed")
		b.ReportMetric(med[0]/med[2], "bf16-speed")
	})
}
