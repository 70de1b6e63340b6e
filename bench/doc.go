// Package bench runs simdrnn's kernels against the limits of the machine and
// records, tabulates and charts the results; cmd/simdbench is its command
// line.
//
// Results are stored in Go's benchmark format
// (https://golang.org/design/14313-benchmark-format), so benchstat reads
// them directly:
//
//	goos: linux
//	goarch: amd64
//	cpu: AMD EPYC 7B13 64-Core Processor
//	cache-l1d: 32768
//	...
//	# date: 2026-11-27T14:00:00Z
//	BenchmarkLimitFMA/impl=avx2                 77677  203690 ns/op  73.2 GFLOP/s
//	BenchmarkLimitRead/impl=avx2/level=L1/bytes=16384  2142  113.5 ns/op  144.4 GB/s
//	BenchmarkMatVec/impl=avx2/n=1024              880   68612 ns/op  30.56 GFLOP/s ...
//
// The description of the CPU is written as configuration lines ("key:
// value"), which stay the same from run to run on one CPU, so that
// "benchstat old.txt new.txt" compares two commits in one table; benchstat
// puts files with different configurations (two CPUs) in separate tables
// unless given an empty -table flag (see docs/performance.md). The limits of the
// machine are benchmark lines of their own (LimitFMA, LimitRead,
// LimitWrite), so benchstat compares them too. What changes from run to run (date, Go
// version, notes) goes in "# key: value" lines, which benchstat ignores.
// Each ns/op is the fastest of several batches of about Batch (load from
// other processes only ever adds time); the rounds are the samples.
//
// A step split across goroutines (the "<CELL>CellStepT<n>" kernels) adds
// the goroutines its stream ran on to its line ("2 goroutines"); WriteTable
// shows those steps in a second table with the speed-up over one goroutine
// (ThreadRows).
//
// The kernels and their costs (floating-point operations, bytes moved,
// working set) are listed in Kernels; the roofline of a result is the larger
// of its operation count over the FMA peak and the time its bytes read and
// written take at the cache level its working set fits in (Level.Time).
package bench
