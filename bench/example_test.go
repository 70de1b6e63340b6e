package bench_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/simdrnn/simdrnn/bench"
)

// A result file is parsed, summarized against the limits it records, and
// printed as a table.
func ExampleWriteTable() {
	f, err := bench.Parse(strings.NewReader(`cpu: Example CPU
cache-l1d: 32768
cache-l2: 524288
cache-l3: 33554432
BenchmarkLimitFMA/impl=avx2 1 1000 ns/op 100 GFLOP/s
BenchmarkLimitRead/impl=avx2/level=L1/bytes=16384 1 100 ns/op 200 GB/s
BenchmarkLimitRead/impl=avx2/level=L2/bytes=262144 1 100 ns/op 100 GB/s
BenchmarkMatVec/impl=avx2/n=64 1000 170 ns/op
BenchmarkMatVec/impl=avx2/n=64 1000 168.96 ns/op
BenchmarkMatVec/impl=avx2/n=64 1000 160 ns/op
BenchmarkMatVec/impl=generic/n=64 1000 2500 ns/op
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(bench.LimitsString(bench.FileRoofline(f)))
	bench.WriteTable(os.Stdout, bench.Summarize(f, nil))
	// Output:
	// FMA peak 100.0 GFLOP/s; read L1 200.0, L2 100.0 GB/s (one core, AVX2 assembly)
	//   kernel   size     impl   ns/op   ±  GFLOP/s  ns/elem   GB/s  limit  %roof
	//   MatVec  64x64     avx2   169.0  3%    48.48  0.04125  100.0     L1    49%
	//           64x64  generic  2500.0         3.28   0.6104    6.8     L1     3%
}
