// Package compare benchmarks simdrnn's matrix kernels against gonum
// (gonum.org/v1/gonum/blas/blas32 with its default implementation, pure Go
// plus gonum's assembly) and vek (github.com/viterin/vek/vek32), and tests
// that every peer computes the same thing as simdrnn to float32 rounding, so
// that the benchmarks are known to compare the same computation.
//
// With the build tag openblas, OpenBLAS joins the peers through cgo
// (cblas_sgemv for MatVec and, transposed, MatVecT; cblas_sger for Ger),
// found with pkg-config (Debian: libopenblas-dev), limited to one thread and
// named openblas-<core> after the kernel set it runs (OPENBLAS_CORETYPE
// forces one). Its benchmarks repeat the call in C, so that they time
// OpenBLAS's kernels rather than the Go-to-C call, which BenchmarkCgoCall
// times on its own:
//
//	OPENBLAS_NUM_THREADS=1 OPENBLAS_CORETYPE=Cooperlake go test -tags openblas -run '^$' -bench . -cpu 1 -count 6
//
// Without the tag the module needs neither cgo nor OpenBLAS.
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
