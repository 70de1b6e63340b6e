package testutil

import (
	"strconv"
	"testing"

	"github.com/simdrnn/simdrnn/kernels"
)

// BenchSizes are the sizes every kernel benchmark runs at.
var BenchSizes = []int{64, 100, 256, 512, 1024, 2048, 4096}

// BenchImpls runs f as sub-benchmarks impl=<impl>/n=<n> for every
// implementation this CPU supports and every size; the key=value form lets
// benchstat split the results by implementation and size (-col /impl,
// -row /n). flops(n) is the number of floating-point
// operations per call, reported as GFLOP/s; bytes(n) is what one call reads
// and writes, reported as MB/s by b.SetBytes.
func BenchImpls(b *testing.B, sizes []int, flops, bytes func(n int) int64, f func(b *testing.B, n int)) {
	defer kernels.Use("")
	for _, name := range kernels.Implementations() {
		if err := kernels.Use(name); err != nil {
			b.Fatal(err)
		}
		b.Run("impl="+name, func(b *testing.B) {
			for _, n := range sizes {
				b.Run("n="+strconv.Itoa(n), func(b *testing.B) {
					b.ReportAllocs()
					if bytes != nil {
						b.SetBytes(bytes(n))
					}
					f(b, n)
					if flops != nil && b.Elapsed() > 0 {
						b.ReportMetric(float64(flops(n))*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
					}
				})
			}
		})
	}
}
