// Package compare benchmarks simdrnn's matrix kernels against gonum
// (gonum.org/v1/gonum/blas/blas32 with its default implementation, pure Go
// plus gonum's assembly) and vek (github.com/viterin/vek/vek32), and tests
// that every peer computes the same thing as simdrnn to float32 rounding, so
// that the benchmarks are known to compare the same computation.
//
// The matrix-vector products and the rank-1 update (BenchmarkMatVec,
// BenchmarkMatVecT, BenchmarkGer: impl=<peer>/n=<N>) run on N x N
// matrices. The matrix-matrix product C += op(A) op(B) (BenchmarkGemm:
// impl=<peer>/shape=<m>x<n>x<k>/op=<NN|NT|TN>) runs kernels.Gemm against
// gonum's Sgemm on NN squares of 64 to 1024, the skinny 512x16x512 and
// 512x32x512 (m x n x k), a batch-32 step through a 512 x 512 weight
// matrix, 32x512x512 NT (C += X W^T), and a weight gradient, 512x512x1600
// TN (C += A^T B). TestPeersAgree and TestGemmPeersAgree check every peer
// against float64 references; TestGemmPeersAgree checks the small shapes
// and the cheap benchmarked ones (SIMDRNN_COMPARE_FULL=1 adds the rest).
// Every benchmark reports GFLOP/s; simdrnn runs as simdrnn-<tier> for every
// tier this CPU runs. -cpu 1 keeps the comparison on one core: gonum's
// Sgemm splits large products over GOMAXPROCS goroutines, and vek's MatMul
// over runtime.NumCPU().
//
// With the build tag openblas, OpenBLAS joins the peers through cgo
// (cblas_sgemv for MatVec and, transposed, MatVecT; cblas_sger for Ger;
// cblas_sgemm with beta = 1 for Gemm), found with pkg-config (Debian:
// libopenblas-dev), limited to one thread and named openblas-<core> after
// the kernel set it runs. Its benchmarks repeat the call in C, so that they
// time OpenBLAS's kernels rather than the Go-to-C call, which
// BenchmarkCgoCall times on its own:
//
//	OPENBLAS_NUM_THREADS=1 OPENBLAS_CORETYPE=SkylakeX go test -tags openblas -run '^$' -bench . -cpu 1 -count 6
//	OPENBLAS_NUM_THREADS=1 go test -tags openblas -run '^$' -bench 'Gemm$' -cpu 1 -count 6
//
// OPENBLAS_CORETYPE forces a kernel set; OpenBLAS reads it once, when it
// is loaded, so each kernel set needs a run of its own (results/README.md
// interleaves them). Debian 12's OpenBLAS 0.3.21 does not know the newest
// Intel CPUs and may choose too old a set by itself (its SSE3 Prescott
// kernels on an Emerald Rapids): force SkylakeX there. On the Ice Lake
// server it chooses SkylakeX, its AVX-512 set, by itself. A name 0.3.21
// does not accept (Cooperlake among them, OpenBLAS pull request 3806) is
// ignored: OPENBLAS_VERBOSE=2 prints "Core not found" and the kernel set
// it runs instead, which the benchmark names show. Without the tag the
// module needs neither cgo nor OpenBLAS.
//
// The Python scripts beside the Go files are the PyTorch references of the
// recurrent cells: torch_step.py times one step of nn.LSTM, nn.GRU and
// nn.RNN at batch 1 on one thread, printing Go benchmark lines
// (BenchmarkCellStep/cell=lstm/H=256/impl=torch) that benchstat sets beside
// package rnn's; torch_train.py trains them with charrnn's recipe and
// reports the training and held-out losses and characters per second. The
// tests run both (with PyTorch, /usr/bin/python3; skipped without it unless
// SIMDRNN_REQUIRE_TORCH is set) and check that torch_train.py trains an
// nn.RNN exactly as rnn.Trainer does from the same weights. Their results
// on this project's machines are in results/.
//
// It is a module of its own so that the library's go.mod depends on
// neither. See bench_test.go for the benchmarks and docs/performance.md
// ("Against gonum and vek", "Against OpenBLAS", "Against PyTorch") for the
// commands and results.
package compare
