// Package compare benchmarks simdrnn's matrix kernels against gonum
// (gonum.org/v1/gonum/blas/blas32 with its default implementation, pure Go
// plus gonum's assembly) and vek (github.com/viterin/vek/vek32), and tests
// that every peer computes the same thing as simdrnn to float32 rounding, so
// that the benchmarks are known to compare the same computation.
//
// It is a module of its own so that the library's go.mod depends on
// neither. See bench_test.go for the benchmarks and docs/performance.md
// ("Against gonum and vek") for the commands and results.
package compare
